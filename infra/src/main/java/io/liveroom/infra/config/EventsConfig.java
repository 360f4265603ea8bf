package io.liveroom.infra.config;

/**
 * The event log ({@code EventLog}): how much it keeps ({@code retentionCount} newest events, none
 * older than {@code retentionMs}) and whether server and client broadcasts become {@code
 * message.broadcast} events ({@code broadcast}; barrage never does).
 */
public record EventsConfig(int retentionCount, long retentionMs, boolean broadcast) {
  public static final String SECTION = "events";

  public static EventsConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    return new EventsConfig(
        s.getInt("retentionCount", 100, 100_000_000),
        s.getLong("retentionMs", 1_000, 365L * 24 * 3600 * 1000),
        s.getBoolean("broadcast"));
  }
}
