package io.liveroom.infra.config;

import java.util.List;

/**
 * Hazelcast clustering. Off by default (a plain, local event bus). When on: TCP-IP join with {@code
 * members}, multicast and auto-detection off, phone-home off.
 */
public record ClusterConfig(
    boolean enabled,
    String name,
    List<String> members,
    String host,
    int port,
    int eventBusPort,
    String publicHost) {
  public static final String SECTION = "cluster";

  public static ClusterConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    List<String> members = s.getList("members");
    if (members.isEmpty()) {
      throw s.invalid("members", "name at least one member (host or host:port)");
    }
    for (String m : members) {
      if (!m.matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
        throw s.invalid("members", "not a host or host:port: \"" + m + "\"");
      }
    }
    String name = s.getNonBlank("name");
    return new ClusterConfig(
        s.getBoolean("enabled"),
        name,
        members,
        s.getNonBlank("host"),
        s.getInt("port", 1, 65535),
        s.getInt("eventBusPort", 0, 65535),
        s.getString("publicHost").trim());
  }
}
