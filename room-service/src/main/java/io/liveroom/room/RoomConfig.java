package io.liveroom.room;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * room-service settings. {@code defaultMaxMembers}: a room's cap unless its first login sets one;
 * above {@code largeRoomThreshold} members, joins and leaves are not fanned out and login replies
 * carry no member list; {@code p2pMaxMembers}: the cap of p2p rooms.
 */
public record RoomConfig(int defaultMaxMembers, int largeRoomThreshold, int p2pMaxMembers, int maxExtraInfoKeys,
    int maxExtraInfoKeyBytes, int maxExtraInfoValueBytes, int maxStreamExtraInfoBytes, int maxPageSize) {
  public static final String SECTION = "room";

  public static RoomConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    return new RoomConfig(s.getInt("defaultMaxMembers", 1, 10_000_000), s.getInt("largeRoomThreshold", 1, 10_000_000),
        s.getInt("p2pMaxMembers", 2, 16), s.getInt("maxExtraInfoKeys", 1, 1000),
        s.getInt("maxExtraInfoKeyBytes", 1, 65536), s.getInt("maxExtraInfoValueBytes", 0, 1 << 20),
        s.getInt("maxStreamExtraInfoBytes", 0, 1 << 20), s.getInt("maxPageSize", 1, 100_000));
  }
}
