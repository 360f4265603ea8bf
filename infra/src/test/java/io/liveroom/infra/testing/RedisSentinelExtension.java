package io.liveroom.infra.testing;

import io.liveroom.infra.config.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Redis Sentinel deployment for the tests of a class: one master, one replica and three sentinels
 * ({@code redis-server --sentinel}, quorum 2), each a real process on a free loopback port. The
 * sentinels declare the master down after {@link #DOWN_AFTER_MS} without an answer, so a {@link
 * #killMaster()} promotes the replica a few seconds later. Register it on a static
 * {@code @RegisterExtension} field.
 */
public final class RedisSentinelExtension implements BeforeAllCallback, AfterAllCallback {
  public static final String MASTER_NAME = "liveroom-test";
  public static final int DOWN_AFTER_MS = 1_000;
  private static final int FAILOVER_TIMEOUT_MS = 4_000;
  private final List<RedisProcess> data = new ArrayList<>();
  private final List<RedisProcess> sentinels = new ArrayList<>();
  // chosen up front, so that configurations naming the sentinels can be built before the start
  private final int[] dataPorts = {Ports.free(), Ports.free()};
  private final int[] sentinelPorts = {Ports.free(), Ports.free(), Ports.free()};
  private Path dir;

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (dir != null) {
      return;
    }
    Path binary =
        RedisServerExtension.findBinary(System.getenv(), RedisServerExtension.DEFAULT_BINARY);
    try {
      dir = Files.createTempDirectory("liveroom-sentinel-");
      int masterPort = dataPorts[0];
      for (int i = 0; i < 2; i++) {
        int port = dataPorts[i];
        Path nodeDir = Files.createDirectories(dir.resolve("data-" + port));
        List<String> args = RedisProcess.dataArgs(port, nodeDir);
        if (i == 1) {
          args.addAll(List.of("--replicaof", RedisProcess.HOST, Integer.toString(masterPort)));
        }
        RedisProcess p = new RedisProcess(binary, dir, port, args);
        p.start();
        data.add(p);
      }
      RedisProcess.await(
          Duration.ofSeconds(15),
          () ->
              data.get(1).server().command("INFO", "replication").contains("master_link_status:up"),
          "replica in sync with the master");
      for (int i = 0; i < 3; i++) {
        int port = sentinelPorts[i];
        Path conf = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(
            conf,
            String.join(
                "\n",
                "port " + port,
                "bind " + RedisProcess.HOST,
                "protected-mode no",
                "daemonize no",
                "dir " + dir,
                "sentinel monitor "
                    + MASTER_NAME
                    + " "
                    + RedisProcess.HOST
                    + " "
                    + masterPort
                    + " 2",
                "sentinel down-after-milliseconds " + MASTER_NAME + " " + DOWN_AFTER_MS,
                "sentinel failover-timeout " + MASTER_NAME + " " + FAILOVER_TIMEOUT_MS,
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                ""));
        RedisProcess p =
            new RedisProcess(binary, dir, port, List.of(conf.toString(), "--sentinel"));
        p.start();
        sentinels.add(p);
      }
      awaitHealthy(Duration.ofSeconds(20));
    } catch (IOException e) {
      afterAll(context);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      afterAll(context);
      throw e;
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    sentinels.forEach(RedisProcess::stop);
    data.forEach(RedisProcess::stop);
    sentinels.clear();
    data.clear();
    deleteQuietly(dir);
    dir = null;
  }

  /**
   * Waits until every sentinel names a live master with one replica in sync and sees the other two
   * sentinels (the state after start, and after a failover once the old master came back).
   */
  public void awaitHealthy(Duration timeout) {
    RedisProcess.await(
        timeout,
        () ->
            sentinels.stream()
                    .allMatch(
                        s -> {
                          String info = s.server().command("INFO", "sentinel");
                          return info.contains("name=" + MASTER_NAME + ",status=ok")
                              && info.contains(",slaves=1,sentinels=3");
                        })
                && master().server().command("INFO", "replication").contains("connected_slaves:1")
                && replicaOf(master())
                    .server()
                    .command("INFO", "replication")
                    .contains("master_link_status:up"),
        "healthy sentinel deployment (master, replica in sync, 3 sentinels)");
  }

  /** The data node the sentinels currently name master. */
  public synchronized RedisProcess master() {
    String addr =
        sentinels.get(0).server().command("SENTINEL", "get-master-addr-by-name", MASTER_NAME);
    int port = Integer.parseInt(addr.split("\n")[1]);
    return data.stream()
        .filter(p -> p.port() == port)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("sentinels name unknown master " + addr));
  }

  private RedisProcess replicaOf(RedisProcess master) {
    return data.get(0) == master ? data.get(1) : data.get(0);
  }

  /** The data node that is not the master. */
  public synchronized RedisProcess replica() {
    return replicaOf(master());
  }

  /** SIGKILL of the current master; returns it (see {@link #restart}). */
  public synchronized RedisProcess killMaster() {
    RedisProcess m = master();
    m.kill();
    return m;
  }

  /**
   * Waits until the sentinels name a master other than {@code old}; returns the time it took from
   * {@code sinceNanos}.
   */
  public Duration awaitFailover(RedisProcess old, long sinceNanos, Duration timeout) {
    RedisProcess.await(timeout, () -> master() != old, "failover away from port " + old.port());
    return Duration.ofNanos(System.nanoTime() - sinceNanos);
  }

  /** Starts a killed data node again (empty, same port): the sentinels make it a replica. */
  public synchronized void restart(RedisProcess killed) {
    killed.start();
  }

  /** The sentinels' addresses, redis://127.0.0.1:port (known before the start). */
  public List<String> sentinelUrls() {
    return java.util.Arrays.stream(sentinelPorts)
        .mapToObj(p -> "redis://" + RedisProcess.HOST + ":" + p)
        .toList();
  }

  /**
   * A node's settings for sentinel mode on these sentinels ({@code --set} arguments), usable before
   * the start.
   */
  public List<String> nodeArgs() {
    return List.of(
        "--set",
        "store.mode=sentinel",
        "--set",
        "store.sentinelMaster=" + MASTER_NAME,
        "--set",
        "store.sentinels=" + String.join(",", sentinelUrls()));
  }

  /** A store configuration in sentinel mode on these sentinels, under {@code keyPrefix}. */
  public StoreConfig storeConfig(String keyPrefix) {
    return new StoreConfig(
            StoreConfig.Type.REDIS,
            "redis://" + RedisProcess.HOST + ":" + dataPorts[0],
            keyPrefix,
            4,
            1000)
        .withMode(StoreConfig.Mode.SENTINEL, MASTER_NAME, sentinelUrls());
  }

  static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // a leftover temp directory is harmless
    }
  }
}
