package io.liveroom.gateway;

import io.liveroom.infra.auth.TokenClaims;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One client WebSocket connection and the rooms it is in. Touched only on its gateway's event loop. */
final class Session {
  private String id;
  private String resumeToken;
  private final ClientSocket socket;
  final Map<String, Seat> rooms = new LinkedHashMap<>();
  final RateLimiter limiter;
  private final SeatTokens seatTokens;
  long lastSeen = System.currentTimeMillis();
  private boolean closed;

  Session(String id, String resumeToken, ClientSocket socket, RateLimiter limiter, SeatTokens seatTokens) {
    this.id = id;
    this.resumeToken = resumeToken;
    this.socket = socket;
    this.limiter = limiter;
    this.seatTokens = seatTokens;
  }

  /** Fails with TOKEN_EXPIRED when the seat's token has expired (see {@link SeatTokens}). */
  void checkToken(Seat seat) {
    seatTokens.check(seat);
  }

  String id() {
    return id;
  }

  String resumeToken() {
    return resumeToken;
  }

  /** Takes over a resumed session's identity (only before this connection joined any room). */
  void adopt(String sessionId, String newResumeToken) {
    if (!rooms.isEmpty()) {
      throw new IllegalStateException("a session in rooms cannot change identity");
    }
    this.id = sessionId;
    this.resumeToken = newResumeToken;
  }

  /** This session's place in one room. Pushes wait in {@code queued} until the login reply is out. */
  static final class Seat {
    final String userId;
    final String userName;
    final boolean userUpdate;
    /** The seat's token and what it says; replaced by renewToken. Null claims: no longer valid. */
    TokenClaims claims;
    String token;
    /** tokenWillExpire was pushed for the current token. */
    boolean tokenWarned;
    /** The room's mode ("live" or "p2p"), for re-asserting the seat after a store loss. */
    final String mode;
    final Set<String> streams = new LinkedHashSet<>();
    /** The extra info of the streams published here, by streamID (for re-asserting them). */
    final Map<String, String> extraInfo = new java.util.HashMap<>();
    /** When the seat entered its room's fan-out (RoomFanout's clock). */
    long enteredAt;
    private List<String> queued = new ArrayList<>();

    Seat(String userId, String userName, boolean userUpdate, TokenClaims claims, String token, String mode) {
      this.mode = mode;
      this.token = token;
      this.userId = userId;
      this.userName = userName;
      this.userUpdate = userUpdate;
      this.claims = claims;
    }

    boolean active() {
      return queued == null;
    }

    /** The publish privilege the server set (admin API) over the token's; null: the token's. */
    private Boolean serverPublish;

    /** The server grants or takes away publish: the seat's claims say so from now on, renewals included. */
    void serverPublish(boolean publish) {
      serverPublish = publish;
      if (claims != null) {
        claims = ServerCommands.withPublish(claims, publish);
      }
    }

    Boolean serverPublish() {
      return serverPublish;
    }

    void renew(TokenClaims renewed, String renewedToken) {
      this.claims = serverPublish == null ? renewed : ServerCommands.withPublish(renewed, serverPublish);
      this.token = renewedToken;
      this.tokenWarned = false;
    }
  }

  int streamCount() {
    return rooms.values().stream().mapToInt(s -> s.streams.size()).sum();
  }

  boolean closed() {
    return closed;
  }

  void markClosed() {
    closed = true;
  }

  void send(JsonObject frame) {
    send(frame.encode());
  }

  void send(String frame) {
    if (!closed) {
      socket.send(frame); // dropped once the socket is closing
    }
  }

  /** Sends a room push now, or queues it while the seat's login reply is still pending. */
  void push(Seat seat, String frame) {
    if (seat.queued != null) {
      seat.queued.add(frame);
    } else {
      send(frame);
    }
  }

  /**
   * Sends a best-effort room push (barrage) unless the socket cannot keep up: when its write queue
   * is full the frame is dropped for this session only. Returns false when it was dropped.
   */
  boolean pushDroppable(Seat seat, SharedTextFrame frame) {
    if (seat.queued != null) {
      seat.queued.add(frame.text());
      return true;
    }
    return closed || frame.writeTo(socket);
  }

  /** The login reply is out: deliver what was queued and go live. */
  void activate(Seat seat) {
    List<String> queued = seat.queued;
    seat.queued = null;
    if (queued != null) {
      queued.forEach(this::send);
    }
  }

  void close(short code, String reason) {
    if (!closed) {
      socket.close(code, reason);
    }
  }
}
