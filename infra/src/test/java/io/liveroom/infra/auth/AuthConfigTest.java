package io.liveroom.infra.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {
  private static final String SECRET = "0123456789abcdef-app-secret";

  @TempDir Path dir;

  @Test
  void defaultsAreDevMode() {
    AuthConfig auth = AuthConfig.from(Config.defaults());
    assertTrue(auth.devMode());
    assertEquals("", auth.secret());
    assertEquals(AuthConfig.DEV_SECRET, auth.signingSecret());
    assertEquals(AuthConfig.DEV_ADMIN_SECRET, auth.adminBearerSecret());
    assertEquals(86_400, auth.maxTtlSeconds());
    assertEquals(30, auth.clockSkewSeconds());
    assertTrue(AuthConfig.DEV_SECRET.length() >= AuthConfig.MIN_SECRET_LENGTH);
  }

  @Test
  void configuredSecretLeavesDevModeAndEmptyAdminSecretRefusesAdmin() {
    AuthConfig auth = AuthConfig.from(Config.of(Map.of("auth.secret", SECRET)));
    assertFalse(auth.devMode());
    assertEquals(SECRET, auth.signingSecret());
    assertEquals("", auth.adminBearerSecret(), "no dev admin secret outside dev mode");
    assertFalse(new TokenService(auth).adminAuthorized("Bearer " + AuthConfig.DEV_ADMIN_SECRET));
    assertFalse(new TokenService(auth).adminAuthorized("Bearer "));
  }

  @Test
  void adminSecretCanBeSetInDevModeToo() {
    AuthConfig auth =
        AuthConfig.from(Config.of(Map.of("auth.adminSecret", "an-admin-secret-1234")));
    assertTrue(auth.devMode());
    assertEquals("an-admin-secret-1234", auth.adminBearerSecret());
  }

  @Test
  void shortSecretIsRejectedNamingTheKey() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> AuthConfig.from(Config.of(Map.of("auth.secret", "too-short"))));
    assertEquals("auth.secret", e.key());
    assertTrue(e.getMessage().startsWith("auth.secret: "), e.getMessage());
    ConfigException admin =
        assertThrows(
            ConfigException.class,
            () -> AuthConfig.from(Config.of(Map.of("auth.adminSecret", "short"))));
    assertEquals("auth.adminSecret", admin.key());
  }

  @Test
  void publishedDevSecretsAndPaddedSecretsAreRejected() {
    assertEquals(
        "auth.secret",
        assertThrows(
                ConfigException.class,
                () -> AuthConfig.from(Config.of(Map.of("auth.secret", AuthConfig.DEV_SECRET))))
            .key());
    assertEquals(
        "auth.adminSecret",
        assertThrows(
                ConfigException.class,
                () ->
                    AuthConfig.from(
                        Config.of(Map.of("auth.adminSecret", AuthConfig.DEV_ADMIN_SECRET))))
            .key());
    assertEquals(
        "auth.secret",
        assertThrows(
                ConfigException.class,
                () -> AuthConfig.from(Config.of(Map.of("auth.secret", " " + SECRET))))
            .key());
  }

  @Test
  void numbersAreRangeChecked() {
    assertEquals(
        "auth.maxTtlSeconds",
        assertThrows(
                ConfigException.class,
                () -> AuthConfig.from(Config.of(Map.of("auth.maxTtlSeconds", "0"))))
            .key());
    assertEquals(
        "auth.clockSkewSeconds",
        assertThrows(
                ConfigException.class,
                () -> AuthConfig.from(Config.of(Map.of("auth.clockSkewSeconds", "-1"))))
            .key());
    assertEquals(
        5, AuthConfig.from(Config.of(Map.of("auth.clockSkewSeconds", "5"))).clockSkewSeconds());
  }

  @Test
  void environmentOverridesTheFile() throws Exception {
    Path file = dir.resolve("liveroom.json");
    Files.writeString(
        file, "{\"auth\": {\"secret\": \"file-secret-0123456789\", \"maxTtlSeconds\": 600}}");
    AuthConfig fromFile = AuthConfig.from(Config.load(file, Map.of(), Map.of()));
    assertEquals("file-secret-0123456789", fromFile.secret());
    assertEquals(600, fromFile.maxTtlSeconds());

    AuthConfig fromEnv =
        AuthConfig.from(Config.load(file, Map.of("LIVEROOM_AUTH_SECRET", SECRET), Map.of()));
    assertEquals(SECRET, fromEnv.secret());
    assertFalse(fromEnv.devMode());
    assertEquals(
        600, fromEnv.maxTtlSeconds(), "keys the environment does not set keep the file's value");
    AuthConfig envOnly =
        AuthConfig.from(Config.load(null, Map.of("LIVEROOM_AUTH_SECRET", SECRET), Map.of()));
    assertEquals(SECRET, envOnly.signingSecret());
  }

  @Test
  void toStringHidesSecrets() {
    AuthConfig auth = new AuthConfig(SECRET, "an-admin-secret-1234", 60, 0);
    assertFalse(auth.toString().contains(SECRET), auth.toString());
    assertFalse(auth.toString().contains("an-admin-secret-1234"), auth.toString());
  }
}
