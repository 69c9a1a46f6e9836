package org.blendstream.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.blendstream.BlendApp;
import org.blendstream.BlendConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the pipeline until interrupted: embedded unless a cluster and registry are given. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the blending pipeline (embedded broker and registry unless --bootstrap-servers and --schema-registry are given).")
final class RunCommand implements Callable<Integer> {

  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    BlendConfig config = options.load(Map.of(), Map.of());
    BlendApp app = BlendApp.start(config);
    CountDownLatch closed = new CountDownLatch(1);
    // The hook itself closes the app: the JVM halts once hooks return, so closing after them could be cut short.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("blendstream stopping: leaving the group, closing the pipeline");
      app.close();
      System.out.println("blendstream stopped");
      closed.countDown();
    }, "blendstream-shutdown"));
    System.out.printf("blendstream running: bootstrap.servers=%s schema.registry.url=%s topics %s.*%n",
        app.config().bootstrapServers(), app.config().schemaRegistryUrl(), app.config().topics().prefix());
    closed.await();
    return 0;
  }
}
