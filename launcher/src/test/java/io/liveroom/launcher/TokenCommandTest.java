package io.liveroom.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code token} command in process: arguments in, exit code and output captured. */
class TokenCommandTest {
  private static final String SECRET = "token-command-secret-0123456789";

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        TokenCommand.run(
            args,
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String singleLine(Result result) {
    assertEquals(0, result.code(), result.err());
    assertEquals("", result.err());
    assertTrue(result.out().endsWith("\n"), result.out());
    assertEquals(1, result.out().lines().count(), result.out());
    return result.out().strip();
  }

  @Test
  void devModeTokenVerifiesWithTheDevSecret() {
    long before = System.currentTimeMillis() / 1000;
    String token = singleLine(run(Map.of(), "--user", "alice", "--room", "lobby"));
    TokenService dev = new TokenService(AuthConfig.from(Config.defaults()));
    TokenClaims claims = dev.verify(token);
    assertEquals("alice", claims.userId());
    assertEquals("lobby", claims.roomId());
    assertEquals(Set.of(Privilege.LOGIN), claims.privileges());
    assertNull(claims.streamIds());
    assertTrue(
        claims.expiresAt() >= before + 3600 && claims.expiresAt() <= before + 3600 + 5,
        "default ttl 3600 s");
    dev.authorize(claims, "alice", "lobby", Privilege.LOGIN);
  }

  @Test
  void secretFromTheEnvironmentAndPublishWithStreams() {
    String token =
        singleLine(
            run(
                Map.of("LIVEROOM_AUTH_SECRET", SECRET),
                "--user=bob",
                "--room",
                "*",
                "--ttl",
                "60",
                "--publish",
                "--stream",
                "cam",
                "--stream=screen"));
    TokenService configured = new TokenService(new AuthConfig(SECRET, "", 86_400, 30));
    TokenClaims claims = configured.verify(token);
    assertEquals(Set.of(Privilege.LOGIN, Privilege.PUBLISH), claims.privileges());
    assertEquals(List.of("cam", "screen"), claims.streamIds());
    assertEquals(60, claims.expiresAt() - claims.issuedAt());
    configured.authorizePublish(claims, "bob", "any-room", "cam");
    ServiceException devCheck =
        assertThrows(
            ServiceException.class,
            () -> new TokenService(AuthConfig.from(Config.defaults())).verify(token));
    assertEquals(ErrorCode.TOKEN_BAD_SIGNATURE, devCheck.code(), "not signed with the dev secret");
  }

  @Test
  void configFileSecretIsUsedAndTheEnvironmentWins() throws Exception {
    Path file = dir.resolve("liveroom.json");
    Files.writeString(file, "{\"auth\": {\"secret\": \"file-secret-0123456789\"}}");
    String fromFile =
        singleLine(run(Map.of(), "--user", "u", "--room", "r", "--config", file.toString()));
    assertEquals(
        "u",
        new TokenService(new AuthConfig("file-secret-0123456789", "", 86_400, 30))
            .verify(fromFile)
            .userId());
    String fromEnv =
        singleLine(
            run(
                Map.of("LIVEROOM_AUTH_SECRET", SECRET),
                "--user",
                "u",
                "--room",
                "r",
                "--config",
                file.toString()));
    assertEquals(
        "u", new TokenService(new AuthConfig(SECRET, "", 86_400, 30)).verify(fromEnv).userId());
  }

  @Test
  void badArgumentsExit2WithOneLine() {
    List<String[]> bad =
        List.of(
            new String[] {"--room", "lobby"},
            new String[] {"--user", "alice"},
            new String[] {"--user"},
            new String[] {"--user", "alice", "--room", "lobby", "--ttl", "soon"},
            new String[] {"--user", "alice", "--room", "lobby", "--ttl", "0"},
            new String[] {"--user", "alice", "--room", "lobby", "--ttl", "86401"},
            new String[] {"--user", "alice", "--room", "lobby", "--stream", "cam"},
            new String[] {"--user", " ", "--room", "lobby"},
            new String[] {"--user", "alice", "--room", "lobby", "--frobnicate"},
            new String[] {
              "--user",
              "alice",
              "--room",
              "lobby",
              "--config",
              dir.resolve("absent.json").toString()
            });
    for (String[] args : bad) {
      Result result = run(Map.of(), args);
      String shown = String.join(" ", args);
      assertEquals(2, result.code(), shown);
      assertEquals("", result.out(), shown);
      assertEquals(1, result.err().lines().count(), shown + " -> " + result.err());
      assertTrue(result.err().startsWith("liveroom token: "), result.err());
    }
    assertTrue(run(Map.of(), "--room", "lobby").err().contains("--user is required"));
  }

  @Test
  void shortSecretIsAConfigurationError() {
    Result result =
        run(Map.of("LIVEROOM_AUTH_SECRET", "short"), "--user", "alice", "--room", "lobby");
    assertEquals(2, result.code());
    assertTrue(result.err().contains("auth.secret"), result.err());
  }

  @Test
  void helpPrintsUsage() {
    Result result = run(Map.of(), "--help");
    assertEquals(0, result.code());
    assertTrue(result.out().startsWith("usage: java -jar liveroom.jar token"), result.out());
    assertTrue(
        result.out().contains("--publish") && result.out().contains("--stream"), result.out());
  }
}
