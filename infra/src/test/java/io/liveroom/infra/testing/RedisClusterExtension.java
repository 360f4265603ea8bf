package io.liveroom.infra.testing;

import io.liveroom.infra.config.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real 3-master Redis Cluster for the tests of a class: three {@code redis-server} processes in
 * cluster mode on free loopback ports (their cluster-bus ports also picked free, below the
 * ephemeral range), joined with {@code redis-cli --cluster create}. A Redis Cluster refuses any
 * command or script whose keys hash to two slots (CROSSSLOT) and any script touching a key it did
 * not declare in another node's slot, so a store contract passing here keeps every script
 * single-slot. Register it on a static {@code @RegisterExtension} field.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback {
  private static final int MASTERS = 3;
  private final List<RedisProcess> nodes = new ArrayList<>();
  private Path dir;

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (dir != null) {
      return;
    }
    Path binary =
        RedisServerExtension.findBinary(System.getenv(), RedisServerExtension.DEFAULT_BINARY);
    try {
      dir = Files.createTempDirectory("liveroom-cluster-");
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < MASTERS; i++) {
        int port = Ports.free();
        int busPort = Ports.free();
        Path nodeDir = Files.createDirectories(dir.resolve("node-" + port));
        List<String> args = RedisProcess.dataArgs(port, nodeDir);
        args.addAll(
            List.of(
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                nodeDir.resolve("nodes.conf").toString(),
                "--cluster-port",
                Integer.toString(busPort),
                "--cluster-node-timeout",
                "2000"));
        RedisProcess p = new RedisProcess(binary, dir, port, args);
        p.start();
        nodes.add(p);
        addresses.add(RedisProcess.HOST + ":" + p.port());
      }
      create(cli(binary), addresses);
      RedisProcess.await(
          Duration.ofSeconds(20),
          () ->
              nodes.stream()
                  .allMatch(
                      n -> n.server().command("CLUSTER", "INFO").contains("cluster_state:ok")),
          "Redis Cluster state ok on every node");
    } catch (IOException e) {
      afterAll(context);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      afterAll(context);
      throw e;
    }
  }

  /** redis-cli next to redis-server (the Debian package ships both), else on PATH. */
  private static Path cli(Path serverBinary) {
    Path sibling = serverBinary.resolveSibling("redis-cli");
    return Files.isExecutable(sibling) ? sibling : Path.of("redis-cli");
  }

  private void create(Path cli, List<String> addresses) throws IOException {
    List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
    command.addAll(addresses);
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    Path log = dir.resolve("cluster-create.log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            "redis-cli --cluster create failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating the cluster", e);
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    nodes.forEach(RedisProcess::stop);
    nodes.clear();
    RedisSentinelExtension.deleteQuietly(dir);
    dir = null;
  }

  /** The cluster's nodes (all masters). */
  public synchronized List<RedisProcess> nodes() {
    return List.copyOf(nodes);
  }

  /** Empties every node. */
  public void flushAll() {
    nodes().forEach(n -> n.server().flushAll());
  }

  /** The number of keys on every node together. */
  public long dbSize() {
    return nodes().stream().mapToLong(n -> n.server().dbSize()).sum();
  }

  /** A store configuration in cluster mode, seeded with every node, under {@code keyPrefix}. */
  public StoreConfig storeConfig(String keyPrefix) {
    List<String> seeds = nodes().stream().map(n -> n.server().url()).toList();
    return new StoreConfig(StoreConfig.Type.REDIS, seeds.get(0), keyPrefix, 4, 1000)
        .withMode(StoreConfig.Mode.CLUSTER, "mymaster", seeds);
  }
}
