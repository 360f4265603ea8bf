package io.liveroom.launcher;

import io.liveroom.infra.config.ConfigException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Command-line flags, turned into configuration overrides ({@code section.key -> value}). */
record Cli(Path configFile, Map<String, String> overrides, boolean help) {
  static final String USAGE =
      """
      usage: java -jar liveroom.jar [options]
             java -jar liveroom.jar token --user U --room R [--ttl SECONDS] [--publish]

      With no options: every service in one process, local event bus, memory stores, port 8080.

      options:
        --config FILE         JSON config file: {"section": {"key": value}} (see README, Configuration)
        --port N              HTTP/WebSocket port (node.httpPort, default 8080; 0 picks a free one)
        --host ADDR           HTTP bind address (node.httpHost, default 0.0.0.0)
        --node-id ID          this node's id (node.id, default random)
        --cluster             join a Hazelcast cluster (cluster.enabled) and use Redis stores
        --roles LIST          services to run: all or any of gateway,room,presence,chat,media,egress (node.roles)
        --redis URL           Redis URL, e.g. redis://127.0.0.1:6379 (store.redisUrl; implies store.type=redis)
        --members LIST        cluster members, host[:port],... (cluster.members, default 127.0.0.1)
        --cluster-name NAME   cluster name (cluster.name, default liveroom)
        --cluster-host ADDR   interface Hazelcast and the event bus bind to (cluster.host, default 127.0.0.1)
        --cluster-port N      first Hazelcast port (cluster.port, default 5701)
        --tls-cert FILE       serve HTTPS/WSS with this PEM certificate chain (node.tlsCertFile; with --tls-key)
        --tls-key FILE        its PEM private key (node.tlsKeyFile); both reloaded when the files change
        --tls-self-signed     serve HTTPS/WSS with a certificate made at start (LAN demo; node.tlsSelfSigned)
        --set KEY=VALUE       any option, e.g. --set gateway.maxFrameBytes=131072 (repeatable)
        --help                this text

      Every option is also an environment variable: LIVEROOM_<SECTION>_<KEY>, e.g. LIVEROOM_NODE_HTTP_PORT=9090.
      Precedence: bundled defaults < --config file < environment < flags.
      """;

  private static final Map<String, String> VALUE_FLAGS =
      Map.ofEntries(
          Map.entry("--port", "node.httpPort"),
          Map.entry("--host", "node.httpHost"),
          Map.entry("--node-id", "node.id"),
          Map.entry("--roles", "node.roles"),
          Map.entry("--redis", "store.redisUrl"),
          Map.entry("--members", "cluster.members"),
          Map.entry("--cluster-name", "cluster.name"),
          Map.entry("--cluster-host", "cluster.host"),
          Map.entry("--cluster-port", "cluster.port"),
          Map.entry("--tls-cert", "node.tlsCertFile"),
          Map.entry("--tls-key", "node.tlsKeyFile"));

  static Cli parse(String[] args) {
    Map<String, String> overrides = new LinkedHashMap<>();
    Path configFile = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String inlineValue = null;
      if (arg.startsWith("--") && arg.contains("=") && !arg.startsWith("--set")) {
        inlineValue = arg.substring(arg.indexOf('=') + 1);
        arg = arg.substring(0, arg.indexOf('='));
      }
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--cluster" -> {
          overrides.put("cluster.enabled", "true");
          overrides.putIfAbsent("store.type", "redis");
        }
        case "--tls-self-signed" -> overrides.put("node.tlsSelfSigned", "true");
        case "--config" ->
            configFile = Path.of(inlineValue != null ? inlineValue : value(args, ++i, arg));
        case "--set" -> {
          String kv = value(args, ++i, arg);
          int eq = kv.indexOf('=');
          if (eq <= 0 || !kv.substring(0, eq).contains(".")) {
            throw new ConfigException("--set", "expected section.key=value, got \"" + kv + "\"");
          }
          overrides.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        default -> {
          String key = VALUE_FLAGS.get(arg);
          if (key == null) {
            throw new ConfigException(arg, "unknown option (see --help)");
          }
          overrides.put(key, inlineValue != null ? inlineValue : value(args, ++i, arg));
          if (arg.equals("--redis")) {
            overrides.put("store.type", "redis");
          }
        }
      }
    }
    return new Cli(configFile, overrides, help);
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new ConfigException(flag, "needs a value");
    }
    return args[i];
  }
}
