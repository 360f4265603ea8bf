package io.liveroom.gateway.session;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.TokenExpiryConfig;
import io.liveroom.gateway.requests.Fields;
import io.liveroom.gateway.requests.RoomRequests;
import io.liveroom.gateway.ws.ClientHandler;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Reply;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The lifetime of each seat's token, as ZEGO does it: {@code tokenWillExpire} once, shortly before
 * the token's {@code exp}; {@code renewToken} swaps in a new token for the same user and room; a
 * seat whose token expired ({@code exp} + {@code auth.clockSkewSeconds}) may make no more requests
 * in its room and is taken out of it by the next check (KICKOUT, TOKEN_EXPIRED). A seat without
 * claims (its token no longer verified when its session was resumed) counts as expired.
 */
public final class SeatTokens {
  private final TokenExpiryConfig config;
  private final TokenService tokens;
  private final Fields fields;
  private final LongSupplier clockMs;

  public SeatTokens(
      TokenExpiryConfig config, TokenService tokens, GatewayConfig gateway, LongSupplier clockMs) {
    this.config = config;
    this.tokens = tokens;
    this.fields = new Fields(gateway);
    this.clockMs = clockMs;
  }

  public void register(ClientHandler handler) {
    handler.handle("renewToken", this::renew);
  }

  /** The moment (epoch ms) the seat's token stops being accepted; 0 for a seat without claims. */
  long deadlineMs(Session.Seat seat) {
    return seat.claims == null
        ? 0
        : (seat.claims.expiresAt() + tokens.config().clockSkewSeconds()) * 1000;
  }

  /** Refuses a request of a seat whose token expired, even before the check takes it out. */
  void check(Session.Seat seat) {
    if (clockMs.getAsLong() >= deadlineMs(seat)) {
      throw ErrorCode.TOKEN_EXPIRED.exception(
          "the token of this room expired: renew it before it expires," + " or log in again");
    }
  }

  /** What is due for one seat now. */
  record Due(String roomId, Session.Seat seat, boolean expired, long remainingSeconds) {}

  /**
   * The seats of a session that must be warned (each once per token) or taken out now; marks the
   * warned ones. Seats whose login is still pending are left for later.
   */
  List<Due> due(Session session) {
    long now = clockMs.getAsLong();
    List<Due> out = new ArrayList<>();
    for (Map.Entry<String, Session.Seat> e : session.rooms().entrySet()) {
      Session.Seat seat = e.getValue();
      if (!seat.active()) {
        continue;
      }
      if (now >= deadlineMs(seat)) {
        out.add(new Due(e.getKey(), seat, true, 0));
      } else if (!seat.tokenWarned
          && config.willExpireSeconds() > 0
          && now >= (seat.claims.expiresAt() - config.willExpireSeconds()) * 1000) {
        seat.tokenWarned = true;
        out.add(
            new Due(e.getKey(), seat, false, Math.max(0, seat.claims.expiresAt() - now / 1000)));
      }
    }
    return out;
  }

  /** Runs one check over the live sessions: warns, and takes expired seats out of their rooms. */
  public void sweep(Iterable<Session> live, RoomRequests rooms) {
    for (Session session : live) {
      for (Due due : due(session)) {
        if (due.expired()) {
          rooms.expel(
              session, due.roomId(), due.seat(), ErrorCode.TOKEN_EXPIRED, "the token expired");
        } else {
          session.push(
              due.seat(),
              Protocol.push("tokenWillExpire")
                  .put("roomID", due.roomId())
                  .put("remainingSeconds", due.remainingSeconds())
                  .encode());
        }
      }
    }
  }

  /**
   * {@code renewToken} {@code {roomID, token}}: the token is checked like a login's (signature,
   * expiry, same user, this room, login privilege) and replaces the seat's; its privileges apply to
   * requests from now on (streams already published stay live).
   */
  Future<Reply> renew(Session session, JsonObject request) {
    String roomId = fields.id(request, "roomID");
    Session.Seat seat = RoomRequests.seat(session, roomId);
    Object token = request.getValue("token");
    if (!(token instanceof String t) || t.isBlank()) {
      throw ErrorCode.TOKEN_MISSING.exception("renewToken needs a token");
    }
    TokenClaims claims = tokens.verify(t);
    tokens.authorize(claims, seat.userId, roomId, Privilege.LOGIN);
    seat.renew(claims, t);
    return Future.succeededFuture(
        Reply.of(new JsonObject().put("roomID", roomId).put("expiresAt", claims.expiresAt())));
  }
}
