package io.liveroom.infra.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.liveroom.infra.contracts.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Mints and verifies tokens (JWT, HS256 only, signed with {@link AuthConfig#signingSecret()}) and
 * checks the admin API's bearer secret. Every failure is a {@link
 * io.liveroom.infra.contracts.ServiceException} with its own {@code TOKEN_*} code. Thread-safe.
 */
public final class TokenService {
  /** The only accepted {@code alg}. */
  public static final String ALGORITHM = "HS256";

  private static final String BEARER = "Bearer ";
  private final AuthConfig config;
  private final Algorithm algorithm;
  private final Clock clock;
  private final byte[] adminAuthorization;

  public TokenService(AuthConfig config) {
    this(config, Clock.systemUTC());
  }

  /** With a clock of the caller's choosing (tests). */
  public TokenService(AuthConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.algorithm = Algorithm.HMAC256(config.signingSecret());
    String admin = config.adminBearerSecret();
    this.adminAuthorization =
        admin.isEmpty() ? null : (BEARER + admin).getBytes(StandardCharsets.UTF_8);
  }

  public AuthConfig config() {
    return config;
  }

  /** Now, in epoch seconds, by this service's clock. */
  public long nowSeconds() {
    return clock.instant().getEpochSecond();
  }

  /**
   * Claims for {@code userId} in {@code roomId} valid for {@code ttlSeconds} from now ({@link
   * #mint} checks them).
   */
  public TokenClaims claims(
      String userId,
      String roomId,
      Set<Privilege> privileges,
      List<String> streamIds,
      long ttlSeconds) {
    return TokenClaims.of(userId, roomId, privileges, streamIds, nowSeconds(), ttlSeconds);
  }

  /**
   * A signed token carrying {@code claims}.
   *
   * @throws IllegalArgumentException for a blank userId or roomId, a blank streamId, or a lifetime
   *     ({@code expiresAt - issuedAt}) outside 1..{@code auth.maxTtlSeconds}
   */
  public String mint(TokenClaims claims) {
    requireText(claims.userId(), "userId");
    requireText(claims.roomId(), "roomId");
    long ttl = claims.expiresAt() - claims.issuedAt();
    if (ttl < 1 || ttl > config.maxTtlSeconds()) {
      throw new IllegalArgumentException(
          "token lifetime must be 1.." + config.maxTtlSeconds() + " s, got " + ttl);
    }
    JWTCreator.Builder jwt =
        JWT.create()
            .withClaim("userId", claims.userId())
            .withClaim("roomId", claims.roomId())
            .withClaim("privileges", claims.privileges().stream().map(Privilege::id).toList());
    if (claims.streamIds() != null) {
      claims.streamIds().forEach(s -> requireText(s, "streamId"));
      jwt.withClaim("streamIds", claims.streamIds());
    }
    return jwt.withIssuedAt(Instant.ofEpochSecond(claims.issuedAt()))
        .withExpiresAt(Instant.ofEpochSecond(claims.expiresAt()))
        .sign(algorithm);
  }

  /**
   * The claims of a token whose format, algorithm, signature and expiry are good. Says nothing
   * about user, room or privileges: see {@link #authorize}.
   */
  public TokenClaims verify(String token) {
    if (token == null || token.isBlank()) {
      throw ErrorCode.TOKEN_MISSING.exception();
    }
    DecodedJWT jwt;
    try {
      jwt = JWT.decode(token.trim());
    } catch (JWTDecodeException e) {
      throw ErrorCode.TOKEN_MALFORMED.exception(
          "the token is not a well-formed JWT: " + e.getMessage());
    }
    if (!ALGORITHM.equals(jwt.getAlgorithm())) {
      throw ErrorCode.TOKEN_MALFORMED.exception(
          "the token's alg is \"" + jwt.getAlgorithm() + "\"; only " + ALGORITHM + " is accepted");
    }
    try {
      algorithm.verify(jwt);
    } catch (SignatureVerificationException e) {
      throw ErrorCode.TOKEN_BAD_SIGNATURE.exception();
    }
    long now = nowSeconds();
    Instant exp = jwt.getExpiresAtAsInstant();
    if (exp == null) {
      throw ErrorCode.TOKEN_EXPIRED.exception("the token has no exp claim");
    }
    if (now >= exp.getEpochSecond() + config.clockSkewSeconds()) {
      throw ErrorCode.TOKEN_EXPIRED.exception("the token expired at " + exp);
    }
    Instant nbf = jwt.getNotBeforeAsInstant();
    if (nbf != null && now + config.clockSkewSeconds() < nbf.getEpochSecond()) {
      throw ErrorCode.TOKEN_EXPIRED.exception("the token is not valid before " + nbf);
    }
    Instant iat = jwt.getIssuedAtAsInstant();
    return new TokenClaims(
        text(jwt, "userId"),
        text(jwt, "roomId"),
        privileges(jwt),
        streamIds(jwt),
        iat == null ? 0 : iat.getEpochSecond(),
        exp.getEpochSecond());
  }

  /**
   * Fails unless the claims are for this user, this room (or {@code *}) and grant {@code needed}.
   */
  public void authorize(TokenClaims claims, String userId, String roomId, Privilege needed) {
    if (!claims.userId().equals(userId)) {
      throw ErrorCode.TOKEN_WRONG_USER.exception(
          "the token was issued for userID \"" + claims.userId() + "\", not \"" + userId + "\"");
    }
    if (!claims.allowsRoom(roomId)) {
      throw ErrorCode.TOKEN_WRONG_ROOM.exception(
          "the token was issued for roomID \"" + claims.roomId() + "\", not \"" + roomId + "\"");
    }
    if (!claims.has(needed)) {
      throw (needed == Privilege.PUBLISH
              ? ErrorCode.TOKEN_NO_PUBLISH_PRIVILEGE
              : ErrorCode.TOKEN_NO_LOGIN_PRIVILEGE)
          .exception();
    }
  }

  /**
   * {@link #authorize} for {@link Privilege#PUBLISH}, and the token must allow {@code streamId}.
   */
  public void authorizePublish(TokenClaims claims, String userId, String roomId, String streamId) {
    authorize(claims, userId, roomId, Privilege.PUBLISH);
    if (!claims.allowsStream(streamId)) {
      throw ErrorCode.TOKEN_STREAM_NOT_ALLOWED.exception(
          "the token does not allow streamID \"" + streamId + "\"");
    }
  }

  /**
   * True when the header is exactly {@code Bearer <admin secret>} (compared in constant time);
   * always false when no admin secret is in force.
   */
  public boolean adminAuthorized(String authorizationHeader) {
    if (adminAuthorization == null || authorizationHeader == null) {
      return false;
    }
    return MessageDigest.isEqual(
        adminAuthorization, authorizationHeader.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(DecodedJWT jwt, String name) {
    String value = jwt.getClaim(name).asString();
    if (value == null || value.isBlank()) {
      throw ErrorCode.TOKEN_MALFORMED.exception(
          "the token's " + name + " claim must be a non-empty string");
    }
    return value;
  }

  private static Set<Privilege> privileges(DecodedJWT jwt) {
    Set<Privilege> out = EnumSet.noneOf(Privilege.class);
    List<String> names = list(jwt, "privileges");
    if (names != null) {
      names.forEach(
          n ->
              Privilege.fromId(n)
                  .ifPresent(out::add)); // names this version does not know are ignored
    }
    return out;
  }

  private static List<String> streamIds(DecodedJWT jwt) {
    return list(jwt, "streamIds");
  }

  /** A claim that is a list of strings; null when absent. */
  private static List<String> list(DecodedJWT jwt, String name) {
    Claim claim = jwt.getClaim(name);
    if (claim.isMissing() || claim.isNull()) {
      return null;
    }
    List<Object> values;
    try {
      values = claim.asList(Object.class);
    } catch (JWTDecodeException e) {
      values = null;
    }
    if (values == null || values.stream().anyMatch(v -> !(v instanceof String))) {
      throw ErrorCode.TOKEN_MALFORMED.exception(
          "the token's " + name + " claim must be a list of strings");
    }
    return values.stream().map(String.class::cast).toList();
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
