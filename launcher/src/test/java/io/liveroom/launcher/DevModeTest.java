package io.liveroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevModeTest {
  private static final String SECRET = "a-real-app-secret-0123";

  private static void validate(Map<String, String> overrides) {
    Launcher.validate(Config.of(overrides));
  }

  @Test
  void aClusterInDevModeNeedsAuthDevModeTrue() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> validate(Map.of("cluster.enabled", "true")));
    assertEquals("auth.devMode", e.key());
    assertTrue(e.getMessage().contains("LIVEROOM_AUTH_SECRET"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    validate(Map.of("cluster.enabled", "true", "auth.devMode", "true"));
    validate(Map.of("cluster.enabled", "true", "auth.secret", SECRET));
    validate(Map.of()); // one process in dev mode: allowed, with the warning
  }

  @Test
  void devModeTrueContradictsASecret() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> validate(Map.of("auth.secret", SECRET, "auth.devMode", "true")));
    assertEquals("auth.devMode", e.key());
  }

  @Test
  void theWarningNamesWhatIsOpenAndHowToLeave() {
    String warning = DevMode.warning(AuthConfig.from(Config.defaults())).orElseThrow();
    for (String named :
        new String[] {
          "published dev secret",
          "/dev/token",
          "published dev admin secret",
          "auth.secret",
          "LIVEROOM_AUTH_SECRET",
          "auth.adminSecret",
          "LIVEROOM_AUTH_ADMIN_SECRET"
        }) {
      assertTrue(warning.contains(named), named + " not in: " + warning);
    }
    assertFalse(warning.contains(AuthConfig.DEV_SECRET), "names the secret, does not print it");
    String ownAdmin =
        DevMode.warning(
                AuthConfig.from(Config.of(Map.of("auth.adminSecret", "an-admin-secret-1234"))))
            .orElseThrow();
    assertFalse(ownAdmin.contains("published dev admin secret"), ownAdmin);
    assertTrue(
        DevMode.warning(AuthConfig.from(Config.of(Map.of("auth.secret", SECRET)))).isEmpty());
  }
}
