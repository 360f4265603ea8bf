package io.liveroom.launcher;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import io.liveroom.infra.config.NodeConfig;
import io.liveroom.infra.logging.LogConfig;
import io.liveroom.infra.logging.Logging;
import io.liveroom.infra.tls.SelfSignedTls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar liveroom.jar}: exit 0 on a clean stop, 2 on bad configuration, 1 if it cannot
 * start.
 */
public final class Main {
  static final String VERSION = "0.1.0";

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("token")) {
      TokenCommand.main(args);
      return;
    }
    Config config;
    NodeConfig nodeConfig;
    LogConfig logConfig;
    try {
      Cli cli = Cli.parse(args);
      if (cli.help()) {
        System.out.print(Cli.USAGE);
        return;
      }
      config = Config.load(cli.configFile(), System.getenv(), cli.overrides());
      nodeConfig = Launcher.validate(config);
      // a generated node id is pinned, so the logs and the node agree on it
      Map<String, String> pinned = new LinkedHashMap<>(cli.overrides());
      pinned.put("node.id", nodeConfig.id());
      config = Config.load(cli.configFile(), System.getenv(), pinned);
      logConfig = LogConfig.from(config);
    } catch (ConfigException e) {
      System.err.println("liveroom: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Logging.configure(logConfig, nodeConfig.id());
    Logger log = LoggerFactory.getLogger(Main.class);
    long t0 = System.nanoTime();
    RunningNode running;
    try {
      running = Launcher.start(config).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("liveroom: failed to start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    running
                        .stop()
                        .await(nodeConfig.shutdownTimeoutMs() + 5_000, TimeUnit.MILLISECONDS);
                  } catch (Exception e) {
                    System.err.println("liveroom: unclean stop: " + e.getMessage());
                  }
                },
                "liveroom-shutdown"));
    String banner = banner(running, (System.nanoTime() - t0) / 1_000_000);
    if (logConfig.format() == LogConfig.Format.JSON) {
      log.info(banner); // standard output stays one JSON object per line
    } else {
      System.out.println(banner);
    }
    DevMode.warning(AuthConfig.from(config)).ifPresent(log::warn);
  }

  /** A node bound to every address: the name its certificate is for, else localhost. */
  static String anyHost(RunningNode running) {
    if (running.tls().fromFiles()) {
      try {
        String name = running.tls().load().hostName();
        if (name != null) {
          return name;
        }
      } catch (RuntimeException e) {
        return "localhost"; // a renewal being written right now; the banner is only a hint
      }
    }
    return "localhost";
  }

  static String banner(RunningNode running, long startMs) {
    NodeConfig node = running.node().node();
    SelfSignedTls selfSigned =
        running.selfSigned(); // its URL host is a real interface address, for other machines
    String host =
        selfSigned != null
            ? selfSigned.primaryHost()
            : node.httpHost().equals("0.0.0.0") ? anyHost(running) : node.httpHost();
    String s = running.tls().enabled() ? "s" : "";
    String base = "http" + s + "://" + host + ":" + running.httpPort();
    String roles =
        node.roles().stream().map(NodeConfig.Role::id).sorted().collect(Collectors.joining(","));
    String where =
        node.has(NodeConfig.Role.GATEWAY)
            ? "demo "
                + base
                + "/  websocket ws"
                + s
                + "://"
                + host
                + ":"
                + running.httpPort()
                + "/ws  health "
                + base
                + "/health"
            : "health " + base + "/health";
    if (selfSigned != null) {
      where +=
          "  tls self-signed for "
              + String.join(",", selfSigned.names())
              + " sha-256 "
              + selfSigned.material().fingerprintSha256();
    }
    return "liveroom "
        + VERSION
        + " node "
        + node.id()
        + " ready in "
        + startMs
        + " ms: "
        + where
        + "  [roles "
        + roles
        + "; "
        + (running.clustered() ? "cluster" : "single process")
        + "; "
        + running.node().stores().config().type().name().toLowerCase()
        + " store]";
  }
}
