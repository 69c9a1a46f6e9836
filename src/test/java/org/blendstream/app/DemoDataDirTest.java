package org.blendstream.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoDataDirTest {

  @TempDir Path tmp;

  @Test
  void removesOnlyTheFoldersOfDemosWhoseProcessIsGone() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    Path orphan = demoDir("orphan", Long.toString(finished.pid()));
    Files.writeString(orphan.resolve("kafka.log"), "left by a demo killed with SIGKILL");
    Path live = demoDir("live", Long.toString(ProcessHandle.current().pid()));
    Path kept = demoDir("kept", null);
    Path notOurs = Files.createDirectory(tmp.resolve("other-" + finished.pid()));

    DemoDataDir.removeOrphans(tmp);

    assertFalse(Files.exists(orphan), "the dead demo's folder is removed");
    assertTrue(Files.exists(live), "a running demo keeps its folder");
    assertTrue(Files.exists(kept), "a --keep folder has no owner and stays");
    assertTrue(Files.exists(notOurs));
  }

  private Path demoDir(String name, String ownerPid) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve(DemoDataDir.PREFIX + name));
    if (ownerPid != null) {
      Files.writeString(dir.resolve(DemoDataDir.OWNER_FILE), ownerPid);
    }
    return dir;
  }
}
