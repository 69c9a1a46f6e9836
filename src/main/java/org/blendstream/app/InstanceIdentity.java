package org.blendstream.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32;
import org.blendstream.BlendConfig;

/**
 * Who this instance is across restarts: {@code instance.id} if given, else this host's name and a
 * hash of its data dir, which a restart on the same machine and directory keeps. Kafka Streams
 * hands it to the consumers as their {@code group.instance.id} (static membership), so a restarted
 * instance takes its partitions back at its first join instead of waiting for the killed member's
 * session to expire and then for a rebalance.
 *
 * <p>Two live instances must never share one: the broker fences the older (FENCED_INSTANCE_ID). The
 * default cannot collide, because two instances on one host that share a data dir would already
 * fight over its state-dir lock.
 */
public final class InstanceIdentity {

  private static final int MAX_LENGTH = 200;

  private InstanceIdentity() {}

  /** This instance's identity. */
  public static String of(BlendConfig config) {
    String given = config.instanceId().trim();
    return given.isEmpty() ? derived(hostName(), config.dataDir()) : given;
  }

  /**
   * The {@code group.instance.id} of one of the pipeline's apps (null: the configured application).
   */
  public static String groupInstanceId(BlendConfig config, String app) {
    String id = of(config);
    return app == null ? id : id + "-" + app;
  }

  static String derived(String host, Path dataDir) {
    CRC32 crc = new CRC32();
    crc.update(dataDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
    String clean = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    if (clean.length() > MAX_LENGTH) {
      clean = clean.substring(0, MAX_LENGTH);
    }
    return clean + "-" + String.format("%08x", crc.getValue());
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
