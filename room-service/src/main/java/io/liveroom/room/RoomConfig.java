package io.liveroom.room;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * room-service settings. {@code defaultMaxMembers}: a room's cap unless its first login sets one;
 * above {@code largeRoomThreshold} members, joins and leaves are not fanned out and login replies
 * carry no member list; {@code p2pMaxMembers}: the cap of p2p rooms. Media placement: {@code
 * placementPolicy} ({@code least-load}: the live node with most headroom; {@code random}: any live
 * node with room), {@code placementLeaseMs} (a room's placement lapses this long after its media
 * ended), {@code placementCheckMs} (how often placements are renewed and rooms moved off dead
 * nodes).
 */
public record RoomConfig(
    int defaultMaxMembers,
    int largeRoomThreshold,
    int p2pMaxMembers,
    int maxPageSize,
    ExtraInfoLimits extraInfo,
    Placement placement) {

  /**
   * Extra info: at most {@code maxKeys} room keys of {@code maxKeyBytes} with values of {@code
   * maxValueBytes}; a stream's extra info at most {@code maxStreamBytes} (UTF-8 bytes).
   */
  public record ExtraInfoLimits(
      int maxKeys, int maxKeyBytes, int maxValueBytes, int maxStreamBytes) {}

  /** Media placement: {@code policy}, {@code leaseMs}, {@code checkMs} (see above). */
  public record Placement(String policy, long leaseMs, long checkMs) {}

  public static final String LEAST_LOAD = "least-load";
  public static final String RANDOM = "random";
  public static final String SECTION = "room";

  public static RoomConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    return new RoomConfig(
        s.getInt("defaultMaxMembers", 1, 10_000_000),
        s.getInt("largeRoomThreshold", 1, 10_000_000),
        s.getInt("p2pMaxMembers", 2, 16),
        s.getInt("maxPageSize", 1, 100_000),
        new ExtraInfoLimits(
            s.getInt("maxExtraInfoKeys", 1, 1000),
            s.getInt("maxExtraInfoKeyBytes", 1, 65536),
            s.getInt("maxExtraInfoValueBytes", 0, 1 << 20),
            s.getInt("maxStreamExtraInfoBytes", 0, 1 << 20)),
        new Placement(
            policy(s),
            s.getLong("placementLeaseMs", 1_000, 3_600_000),
            s.getLong("placementCheckMs", 100, 60_000)));
  }

  private static String policy(ConfigSection s) {
    String p = s.getNonBlank("placementPolicy");
    if (!p.equals(LEAST_LOAD) && !p.equals(RANDOM)) {
      throw s.invalid("placementPolicy", "expected least-load or random, got \"" + p + "\"");
    }
    return p;
  }
}
