package io.liveroom.media;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * The cascade's node-to-node relay (section {@code media}).
 *
 * @param relayPort the UDP port of the relay links (on {@code media.bindAddress}); 0: any free port
 *     (each node tells the other its port over the bus, so 0 works across hosts too)
 */
public record MediaRelayConfig(int relayPort) {
  public static MediaRelayConfig from(Config config) {
    ConfigSection s = config.section(MediaConfig.SECTION);
    return new MediaRelayConfig(s.getInt("relayPort", 0, 65535));
  }
}
