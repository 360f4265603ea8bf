package io.liveroom.gateway;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * When the gateway acts on a seat's token lifetime (keys of the {@code gateway} section): {@code
 * tokenWillExpireSeconds} before the token's {@code exp} the session gets {@code tokenWillExpire}
 * once (0: never); every {@code tokenCheckMs} the gateway looks for seats to warn and for seats
 * whose token expired ({@code exp} + {@code auth.clockSkewSeconds}), which it takes out of their
 * rooms.
 */
public record TokenExpiryConfig(long willExpireSeconds, long checkMs) {
  public static TokenExpiryConfig from(Config config) {
    ConfigSection s = config.section(GatewayConfig.SECTION);
    return new TokenExpiryConfig(
        s.getLong("tokenWillExpireSeconds", 0, 86_400), s.getLong("tokenCheckMs", 10, 60_000));
  }
}
