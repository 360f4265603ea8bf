package io.liveroom.room;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/** room-service settings. {@code defaultMaxMembers}: a room's member cap unless its first login sets one. */
public record RoomConfig(int defaultMaxMembers) {
  public static final String SECTION = "room";

  public static RoomConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    return new RoomConfig(s.getInt("defaultMaxMembers", 1, 10_000_000));
  }
}
