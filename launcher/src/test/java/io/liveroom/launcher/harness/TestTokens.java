package io.liveroom.launcher.harness;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.config.Config;
import java.util.EnumSet;
import java.util.List;

/** Tokens as an app server would mint them, with the dev-mode secret the test nodes run with. */
public final class TestTokens {
  public static final TokenService DEV = new TokenService(AuthConfig.from(Config.defaults()));

  private TestTokens() {}

  public static String token(String userId, String roomId, boolean publish) {
    EnumSet<Privilege> privileges =
        publish ? EnumSet.of(Privilege.LOGIN, Privilege.PUBLISH) : EnumSet.of(Privilege.LOGIN);
    return DEV.mint(DEV.claims(userId, roomId, privileges, null, 3600));
  }

  public static String token(
      String userId,
      String roomId,
      EnumSet<Privilege> privileges,
      List<String> streams,
      long ttlSeconds) {
    return DEV.mint(DEV.claims(userId, roomId, privileges, streams, ttlSeconds));
  }

  public static String admin() {
    return "Bearer " + AuthConfig.DEV_ADMIN_SECRET;
  }
}
