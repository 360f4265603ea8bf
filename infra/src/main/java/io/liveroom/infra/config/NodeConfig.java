package io.liveroom.infra.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What this process is: its id, the services (roles) it runs, its HTTP endpoint (the gateway's
 * edge, or only health and readiness on a node without the gateway role) and its timeouts.
 */
public record NodeConfig(
    String id,
    Set<Role> roles,
    String httpHost,
    int httpPort,
    long busTimeoutMs,
    long shutdownTimeoutMs) {
  public static final String SECTION = "node";

  /** The services a process can run. */
  public enum Role {
    GATEWAY,
    ROOM,
    PRESENCE,
    CHAT,
    MEDIA,
    EGRESS;

    public String id() {
      return name().toLowerCase();
    }
  }

  public static NodeConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    String id = s.getString("id").trim();
    if (id.isEmpty()) {
      id = UUID.randomUUID().toString().substring(0, 8);
    } else if (!id.matches("[A-Za-z0-9_-]{1,64}")) {
      throw s.invalid("id", "use 1-64 letters, digits, '-' or '_', got \"" + id + "\"");
    }
    Set<Role> roles = new LinkedHashSet<>();
    List<String> names = s.getList("roles");
    for (String name : names) {
      if (name.equalsIgnoreCase("all")) {
        roles.addAll(List.of(Role.values()));
        continue;
      }
      try {
        roles.add(Role.valueOf(name.toUpperCase()));
      } catch (IllegalArgumentException e) {
        throw s.invalid(
            "roles",
            "unknown role \""
                + name
                + "\" (roles: all, gateway, room, presence, chat, media, egress)");
      }
    }
    if (roles.isEmpty()) {
      throw s.invalid("roles", "name at least one role");
    }
    return new NodeConfig(
        id,
        Set.copyOf(roles),
        s.getNonBlank("httpHost"),
        s.getInt("httpPort", 0, 65535),
        s.getLong("busTimeoutMs", 50, 600_000),
        s.getLong("shutdownTimeoutMs", 0, 600_000));
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }
}
