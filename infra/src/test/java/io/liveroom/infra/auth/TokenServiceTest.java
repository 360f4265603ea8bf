package io.liveroom.infra.auth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TokenServiceTest {
  private static final String SECRET = "the-app-server-secret-0123456789";
  private static final long NOW = 1_700_000_000L;
  private static final AuthConfig AUTH =
      new AuthConfig(SECRET, "admin-secret-0123456789", 86_400, 30);
  private final TokenService tokens = at(NOW);

  private static TokenService at(long epochSecond) {
    return new TokenService(AUTH, Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }

  private static ErrorCode failure(Executable call) {
    return assertThrows(ServiceException.class, call).code();
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private String login(String user, String room) {
    return tokens.mint(tokens.claims(user, room, Set.of(Privilege.LOGIN), null, 3600));
  }

  @Test
  void mintThenVerifyRoundTrips() {
    TokenClaims claims =
        TokenClaims.of(
            "alice", "lobby", Set.of(Privilege.LOGIN, Privilege.PUBLISH), null, NOW, 3600);
    String token = tokens.mint(claims);
    assertEquals(3, token.split("\\.").length, token);
    TokenClaims back = tokens.verify(token);
    assertEquals(claims, back);
    assertEquals(NOW + 3600, back.expiresAt());
    assertNull(back.streamIds(), "no streamIds claim: any stream");
    assertDoesNotThrow(() -> tokens.authorize(back, "alice", "lobby", Privilege.LOGIN));
    assertDoesNotThrow(() -> tokens.authorizePublish(back, "alice", "lobby", "any-stream"));
  }

  @Test
  void claimsJsonHasTheDocumentedShape() {
    String token =
        tokens.mint(
            TokenClaims.of(
                "bob", "*", Set.of(Privilege.PUBLISH, Privilege.LOGIN), List.of("s1"), NOW, 60));
    String header =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    String payload =
        new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    assertTrue(header.contains("\"alg\":\"HS256\""), header);
    assertTrue(payload.contains("\"userId\":\"bob\""), payload);
    assertTrue(payload.contains("\"roomId\":\"*\""), payload);
    assertTrue(payload.contains("\"privileges\":[\"login\",\"publish\"]"), payload);
    assertTrue(payload.contains("\"streamIds\":[\"s1\"]"), payload);
    assertTrue(
        payload.contains("\"iat\":" + NOW) && payload.contains("\"exp\":" + (NOW + 60)), payload);
  }

  @Test
  void anyRoomTokenIsValidInEveryRoom() {
    TokenClaims claims = tokens.verify(login("alice", TokenClaims.ANY_ROOM));
    assertDoesNotThrow(() -> tokens.authorize(claims, "alice", "room-1", Privilege.LOGIN));
    assertDoesNotThrow(() -> tokens.authorize(claims, "alice", "room-2", Privilege.LOGIN));
    assertEquals(
        ErrorCode.TOKEN_WRONG_USER,
        failure(() -> tokens.authorize(claims, "bob", "room-1", Privilege.LOGIN)));
  }

  @Test
  void streamIdsLimitWhatMayBePublished() {
    TokenClaims claims =
        tokens.verify(
            tokens.mint(
                tokens.claims(
                    "alice",
                    "lobby",
                    Set.of(Privilege.LOGIN, Privilege.PUBLISH),
                    List.of("cam", "screen"),
                    600)));
    assertEquals(List.of("cam", "screen"), claims.streamIds());
    assertDoesNotThrow(() -> tokens.authorizePublish(claims, "alice", "lobby", "cam"));
    assertDoesNotThrow(() -> tokens.authorizePublish(claims, "alice", "lobby", "screen"));
    assertEquals(
        ErrorCode.TOKEN_STREAM_NOT_ALLOWED,
        failure(() -> tokens.authorizePublish(claims, "alice", "lobby", "other")));
  }

  @Test
  void missingTokens() {
    assertEquals(ErrorCode.TOKEN_MISSING, failure(() -> tokens.verify(null)));
    assertEquals(ErrorCode.TOKEN_MISSING, failure(() -> tokens.verify("")));
    assertEquals(ErrorCode.TOKEN_MISSING, failure(() -> tokens.verify("   ")));
  }

  @Test
  void garbageIsMalformed() {
    for (String garbage :
        List.of(
            "garbage",
            "a.b",
            "a.b.c",
            "..",
            "x.y.z.w",
            b64("{\"alg\":\"HS256\"}") + "." + b64("{not json") + ".c2ln")) {
      assertEquals(ErrorCode.TOKEN_MALFORMED, failure(() -> tokens.verify(garbage)), garbage);
    }
  }

  @Test
  void algNoneAndOtherAlgorithmsAreMalformed() {
    String payload =
        b64(
            "{\"userId\":\"alice\",\"roomId\":\"lobby\",\"privileges\":[\"login\"],\"exp\":"
                + (NOW + 60)
                + "}");
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";
    assertEquals(ErrorCode.TOKEN_MALFORMED, failure(() -> tokens.verify(none)));
    String noneViaLibrary =
        JWT.create()
            .withClaim("userId", "alice")
            .withExpiresAt(Instant.ofEpochSecond(NOW + 60))
            .sign(Algorithm.none());
    assertEquals(ErrorCode.TOKEN_MALFORMED, failure(() -> tokens.verify(noneViaLibrary)));
    String hs512 =
        JWT.create()
            .withClaim("userId", "alice")
            .withClaim("roomId", "lobby")
            .withExpiresAt(Instant.ofEpochSecond(NOW + 60))
            .sign(Algorithm.HMAC512(SECRET));
    assertEquals(ErrorCode.TOKEN_MALFORMED, failure(() -> tokens.verify(hs512)));
  }

  @Test
  void anotherSecretIsABadSignature() {
    TokenService other =
        new TokenService(
            new AuthConfig("another-secret-0123456789", "", 86_400, 30),
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
    String forged = other.mint(other.claims("alice", "lobby", Set.of(Privilege.LOGIN), null, 60));
    assertEquals(ErrorCode.TOKEN_BAD_SIGNATURE, failure(() -> tokens.verify(forged)));
    String devSigned =
        new TokenService(new AuthConfig("", "", 86_400, 30))
            .mint(TokenClaims.of("alice", "lobby", Set.of(Privilege.LOGIN), null, NOW, 60));
    assertEquals(
        ErrorCode.TOKEN_BAD_SIGNATURE,
        failure(() -> tokens.verify(devSigned)),
        "a dev-mode token is worthless once a secret is configured");
  }

  @Test
  void tamperedPayloadIsABadSignature() {
    String[] parts = login("alice", "lobby").split("\\.");
    String tampered =
        parts[0]
            + "."
            + b64(
                "{\"userId\":\"mallory\",\"roomId\":\"lobby\",\"privileges\":"
                    + "[\"login\",\"publish\"],\"iat\":"
                    + NOW
                    + ",\"exp\":"
                    + (NOW + 3600)
                    + "}")
            + "."
            + parts[2];
    assertEquals(ErrorCode.TOKEN_BAD_SIGNATURE, failure(() -> tokens.verify(tampered)));
    String truncatedSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10);
    assertEquals(ErrorCode.TOKEN_BAD_SIGNATURE, failure(() -> tokens.verify(truncatedSignature)));
    String noSignature = parts[0] + "." + parts[1] + ".";
    assertEquals(ErrorCode.TOKEN_BAD_SIGNATURE, failure(() -> tokens.verify(noSignature)));
  }

  @Test
  void expiryAllowsTheClockSkewAndNoMore() {
    String token =
        tokens.mint(TokenClaims.of("alice", "lobby", Set.of(Privilege.LOGIN), null, NOW, 100));
    assertEquals("alice", at(NOW + 99).verify(token).userId());
    assertEquals(
        "alice", at(NOW + 100).verify(token).userId(), "just expired, within the 30 s skew");
    assertEquals("alice", at(NOW + 129).verify(token).userId());
    assertEquals(ErrorCode.TOKEN_EXPIRED, failure(() -> at(NOW + 130).verify(token)));
    assertEquals(ErrorCode.TOKEN_EXPIRED, failure(() -> at(NOW + 10_000).verify(token)));
    TokenService noSkew =
        new TokenService(
            new AuthConfig(SECRET, "", 86_400, 0),
            Clock.fixed(Instant.ofEpochSecond(NOW + 100), ZoneOffset.UTC));
    assertEquals(ErrorCode.TOKEN_EXPIRED, failure(() -> noSkew.verify(token)));
  }

  @Test
  void missingExpIsExpired() {
    String noExp =
        JWT.create()
            .withClaim("userId", "alice")
            .withClaim("roomId", "lobby")
            .withClaim("privileges", List.of("login"))
            .sign(Algorithm.HMAC256(SECRET));
    assertEquals(ErrorCode.TOKEN_EXPIRED, failure(() -> tokens.verify(noExp)));
  }

  @Test
  void notYetValidIsRejected() {
    String future =
        JWT.create()
            .withClaim("userId", "alice")
            .withClaim("roomId", "lobby")
            .withNotBefore(Instant.ofEpochSecond(NOW + 600))
            .withExpiresAt(Instant.ofEpochSecond(NOW + 3600))
            .sign(Algorithm.HMAC256(SECRET));
    assertEquals(ErrorCode.TOKEN_EXPIRED, failure(() -> tokens.verify(future)));
  }

  @Test
  void wellSignedButBadClaimsAreMalformed() {
    Instant exp = Instant.ofEpochSecond(NOW + 60);
    String noUser =
        JWT.create()
            .withClaim("roomId", "lobby")
            .withExpiresAt(exp)
            .sign(Algorithm.HMAC256(SECRET));
    assertEquals(ErrorCode.TOKEN_MALFORMED, failure(() -> tokens.verify(noUser)));
    String numericRoom =
        JWT.create()
            .withClaim("userId", "a")
            .withClaim("roomId", 7)
            .withExpiresAt(exp)
            .sign(Algorithm.HMAC256(SECRET));
    assertEquals(ErrorCode.TOKEN_MALFORMED, failure(() -> tokens.verify(numericRoom)));
    String privilegesNotAList =
        JWT.create()
            .withClaim("userId", "a")
            .withClaim("roomId", "r")
            .withClaim("privileges", "login")
            .withExpiresAt(exp)
            .sign(Algorithm.HMAC256(SECRET));
    assertEquals(ErrorCode.TOKEN_MALFORMED, failure(() -> tokens.verify(privilegesNotAList)));
    String streamsOfNumbers =
        JWT.create()
            .withClaim("userId", "a")
            .withClaim("roomId", "r")
            .withClaim("streamIds", List.of(1, 2))
            .withExpiresAt(exp)
            .sign(Algorithm.HMAC256(SECRET));
    assertEquals(ErrorCode.TOKEN_MALFORMED, failure(() -> tokens.verify(streamsOfNumbers)));
  }

  @Test
  void unknownPrivilegesAreIgnored() {
    String token =
        JWT.create()
            .withClaim("userId", "a")
            .withClaim("roomId", "r")
            .withClaim("privileges", List.of("login", "fly"))
            .withExpiresAt(Instant.ofEpochSecond(NOW + 60))
            .sign(Algorithm.HMAC256(SECRET));
    assertEquals(Set.of(Privilege.LOGIN), tokens.verify(token).privileges());
  }

  @Test
  void wrongUserRoomAndMissingPrivileges() {
    TokenClaims loginOnly = tokens.verify(login("alice", "lobby"));
    assertEquals(
        ErrorCode.TOKEN_WRONG_USER,
        failure(() -> tokens.authorize(loginOnly, "bob", "lobby", Privilege.LOGIN)));
    assertEquals(
        ErrorCode.TOKEN_WRONG_ROOM,
        failure(() -> tokens.authorize(loginOnly, "alice", "other", Privilege.LOGIN)));
    assertEquals(
        ErrorCode.TOKEN_NO_PUBLISH_PRIVILEGE,
        failure(() -> tokens.authorizePublish(loginOnly, "alice", "lobby", "cam")));
    TokenClaims publishOnly =
        tokens.verify(
            tokens.mint(tokens.claims("alice", "lobby", Set.of(Privilege.PUBLISH), null, 60)));
    assertEquals(
        ErrorCode.TOKEN_NO_LOGIN_PRIVILEGE,
        failure(() -> tokens.authorize(publishOnly, "alice", "lobby", Privilege.LOGIN)));
    TokenClaims none =
        tokens.verify(tokens.mint(tokens.claims("alice", "lobby", Set.of(), null, 60)));
    assertEquals(
        ErrorCode.TOKEN_NO_LOGIN_PRIVILEGE,
        failure(() -> tokens.authorize(none, "alice", "lobby", Privilege.LOGIN)));
  }

  @Test
  void mintRejectsBadClaims() {
    assertThrows(
        IllegalArgumentException.class,
        () -> tokens.mint(tokens.claims("a", "r", Set.of(), null, 86_401)));
    assertThrows(
        IllegalArgumentException.class,
        () -> tokens.mint(tokens.claims("a", "r", Set.of(), null, 0)));
    assertThrows(
        IllegalArgumentException.class,
        () -> tokens.mint(tokens.claims(" ", "r", Set.of(), null, 60)));
    assertThrows(
        IllegalArgumentException.class,
        () -> tokens.mint(tokens.claims("a", "", Set.of(), null, 60)));
    assertThrows(
        IllegalArgumentException.class,
        () -> tokens.mint(tokens.claims("a", "r", Set.of(), List.of(""), 60)));
    assertFalse(tokens.mint(tokens.claims("a", "r", Set.of(), null, 86_400)).isEmpty());
  }

  @Test
  void adminBearerSecret() {
    assertTrue(tokens.adminAuthorized("Bearer admin-secret-0123456789"));
    assertFalse(tokens.adminAuthorized("Bearer admin-secret-012345678"));
    assertFalse(tokens.adminAuthorized("Bearer admin-secret-01234567890"));
    assertFalse(tokens.adminAuthorized("admin-secret-0123456789"));
    assertFalse(tokens.adminAuthorized("Basic admin-secret-0123456789"));
    assertFalse(tokens.adminAuthorized(null));
    TokenService dev = new TokenService(new AuthConfig("", "", 86_400, 30));
    assertTrue(dev.adminAuthorized("Bearer " + AuthConfig.DEV_ADMIN_SECRET));
    TokenService noAdmin = new TokenService(new AuthConfig(SECRET, "", 86_400, 30));
    assertFalse(noAdmin.adminAuthorized("Bearer "));
    assertFalse(noAdmin.adminAuthorized("Bearer " + AuthConfig.DEV_ADMIN_SECRET));
  }
}
