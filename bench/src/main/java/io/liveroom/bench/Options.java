package io.liveroom.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code run} command's options, {@code --key value} or a bare {@code --flag}: the ones every
 * scenario uses as fields, the scenario-specific ones by name ({@link #intOpt}, {@link #get}).
 */
final class Options {
  private final Map<String, String> opts;
  final boolean quick;
  final Conn.Protocol protocol;
  final String target;
  final int port;
  final long pid;
  final String room;
  final int msgBytes;
  final int sampleEvery;

  Options(Map<String, String> opts) {
    this.opts = opts;
    this.quick = opts.containsKey("quick");
    this.target = opts.getOrDefault("target", "liveroom");
    this.protocol = target.startsWith("socketio") ? Conn.Protocol.SOCKETIO : Conn.Protocol.LIVEROOM;
    this.port =
        Integer.parseInt(
            opts.getOrDefault("port", protocol == Conn.Protocol.LIVEROOM ? "8080" : "3000"));
    this.pid = Long.parseLong(opts.getOrDefault("pid", "-1"));
    this.room = opts.getOrDefault("room", "bench-" + Long.toString(System.currentTimeMillis(), 36));
    this.msgBytes = intOpt("msg-bytes", 100);
    this.sampleEvery = intOpt("sample-every", 1);
  }

  /** Parses {@code args[from..]}: {@code --key value}, or {@code --flag} (then "true"). */
  static Options parse(String[] args, int from) {
    Map<String, String> opts = new HashMap<>();
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a);
      }
      String key = a.substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        opts.put(key, args[++i]);
      } else {
        opts.put(key, "true");
      }
    }
    return new Options(opts);
  }

  String get(String key) {
    return opts.get(key);
  }

  String get(String key, String def) {
    return opts.getOrDefault(key, def);
  }

  int intOpt(String key, int def) {
    return Integer.parseInt(opts.getOrDefault(key, Integer.toString(def)));
  }
}
