package io.liveroom.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.TokenExpiryConfig;
import io.liveroom.gateway.ws.ConnectionRateLimiter;
import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token lifetime rules on a fake clock: one warning at the lead, expiry at exp + skew. */
class SeatTokensTest {
  private static final long EXP = 1_700_000_100L;
  private final AtomicLong nowMs = new AtomicLong();
  private final SeatTokens seatTokens =
      new SeatTokens(
          new TokenExpiryConfig(30, 1000),
          new TokenService(AuthConfig.from(Config.of(Map.of("auth.clockSkewSeconds", "5")))),
          GatewayConfig.from(Config.defaults()),
          nowMs::get);

  private Session sessionWithSeat(TokenClaims claims) {
    Session session =
        new Session(
            new Session.Identity("s-1", "r"),
            null,
            new ConnectionRateLimiter(10, 10, 0),
            seatTokens);
    Session.Seat seat = new Session.Seat("alice", "Alice", false, claims, "t", "live");
    session.seat("lobby", seat);
    session.activate(seat);
    return session;
  }

  private static TokenClaims claims(long exp) {
    return new TokenClaims("alice", "lobby", EnumSet.of(Privilege.LOGIN), null, exp - 3600, exp);
  }

  @Test
  void warnsOnceAtTheLeadThenExpiresAfterTheSkew() {
    Session session = sessionWithSeat(claims(EXP));
    Session.Seat seat = session.rooms().get("lobby");
    nowMs.set((EXP - 31) * 1000);
    assertEquals(List.of(), seatTokens.due(session));
    nowMs.set((EXP - 30) * 1000);
    assertEquals(List.of(new SeatTokens.Due("lobby", seat, false, 30)), seatTokens.due(session));
    nowMs.set((EXP - 10) * 1000);
    assertEquals(List.of(), seatTokens.due(session), "one warning per token");
    nowMs.set((EXP + 5) * 1000 - 1);
    seatTokens.check(seat); // within the skew: still accepted
    assertEquals(List.of(), seatTokens.due(session));
    nowMs.set((EXP + 5) * 1000);
    assertEquals(List.of(new SeatTokens.Due("lobby", seat, true, 0)), seatTokens.due(session));
    ServiceException refused = assertThrows(ServiceException.class, () -> seatTokens.check(seat));
    assertEquals(ErrorCode.TOKEN_EXPIRED, refused.code());
  }

  @Test
  void aRenewedTokenIsWarnedAboutAgainAndASeatWithoutClaimsIsExpired() {
    Session session = sessionWithSeat(claims(EXP));
    Session.Seat seat = session.rooms().get("lobby");
    nowMs.set((EXP - 20) * 1000);
    assertEquals(1, seatTokens.due(session).size());
    seat.renew(claims(EXP + 3600), "t2");
    assertEquals(List.of(), seatTokens.due(session));
    nowMs.set((EXP + 3600 - 30) * 1000);
    assertEquals(List.of(new SeatTokens.Due("lobby", seat, false, 30)), seatTokens.due(session));
    Session resumedAfterExpiry = sessionWithSeat(null);
    assertTrue(seatTokens.due(resumedAfterExpiry).get(0).expired());
  }
}
