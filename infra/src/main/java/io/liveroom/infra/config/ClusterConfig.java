package io.liveroom.infra.config;

import java.util.List;

/**
 * Hazelcast clustering. Off by default (a plain, local event bus). When on: TCP-IP join with {@code
 * members}, multicast and auto-detection off, phone-home off.
 *
 * <p>Failure detection is set here rather than left at Hazelcast's defaults (a member silent for 60
 * s): members heartbeat every {@code heartbeatIntervalSeconds}; the {@code deadline} detector
 * removes a member silent for {@code maxNoHeartbeatSeconds}, the {@code phi-accrual} one when its
 * silence is that unlikely given past heartbeats ({@code phiThreshold}), tolerating pauses up to
 * {@code maxNoHeartbeatSeconds}. A removed member that comes back (a frozen JVM, a healed
 * partition) is merged into the cluster by Hazelcast's split-brain merge, first tried {@code
 * mergeDelaySeconds} after it started and then every {@code mergeDelaySeconds}.
 */
public record ClusterConfig(
    boolean enabled,
    String name,
    List<String> members,
    String host,
    int port,
    int eventBusPort,
    String publicHost,
    int heartbeatIntervalSeconds,
    int maxNoHeartbeatSeconds,
    String failureDetector,
    double phiThreshold,
    int mergeDelaySeconds) {
  public static final String SECTION = "cluster";
  public static final List<String> DETECTORS = List.of("deadline", "phi-accrual");

  /** Hazelcast membership with the default failure detection (1 s heartbeats, 10 s deadline). */
  public ClusterConfig(
      boolean enabled,
      String name,
      List<String> members,
      String host,
      int port,
      int eventBusPort,
      String publicHost) {
    this(enabled, name, members, host, port, eventBusPort, publicHost, 1, 10, "deadline", 10, 5);
  }

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
    int heartbeat = s.getInt("heartbeatIntervalSeconds", 1, 60);
    int maxNoHeartbeat = s.getInt("maxNoHeartbeatSeconds", 2, 600);
    if (maxNoHeartbeat < 2 * heartbeat) {
      throw s.invalid(
          "maxNoHeartbeatSeconds",
          "must be at least twice cluster.heartbeatIntervalSeconds ("
              + heartbeat
              + "), got "
              + maxNoHeartbeat);
    }
    String detector = s.getNonBlank("failureDetector");
    if (!DETECTORS.contains(detector)) {
      throw s.invalid(
          "failureDetector", "expected one of " + DETECTORS + ", got \"" + detector + "\"");
    }
    double phi;
    try {
      phi = Double.parseDouble(s.getString("phiThreshold").trim());
    } catch (NumberFormatException e) {
      throw s.invalid(
          "phiThreshold", "expected a number, got \"" + s.getString("phiThreshold") + "\"");
    }
    if (!(phi >= 1 && phi <= 100)) {
      throw s.invalid("phiThreshold", "must be between 1 and 100, got " + phi);
    }
    return new ClusterConfig(
        s.getBoolean("enabled"),
        name,
        members,
        s.getNonBlank("host"),
        s.getInt("port", 1, 65535),
        s.getInt("eventBusPort", 0, 65535),
        s.getString("publicHost").trim(),
        heartbeat,
        maxNoHeartbeat,
        detector,
        phi,
        s.getInt("mergeDelaySeconds", 1, 3600));
  }
}
