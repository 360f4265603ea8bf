package io.liveroom.gateway;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/** signaling-gateway settings: limits of the client protocol. */
public record GatewayConfig(int maxFrameBytes, int maxRoomsPerSession, int maxIdLength, int maxUserNameLength) {
  public static final String SECTION = "gateway";

  public static GatewayConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    return new GatewayConfig(s.getInt("maxFrameBytes", 1024, 16 * 1024 * 1024), s.getInt("maxRoomsPerSession", 1, 1000),
        s.getInt("maxIdLength", 1, 1024), s.getInt("maxUserNameLength", 1, 4096));
  }
}
