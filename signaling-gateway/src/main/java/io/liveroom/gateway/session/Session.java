package io.liveroom.gateway.session;

import io.liveroom.gateway.ws.ClientConnection;
import io.liveroom.gateway.ws.ConnectionRateLimiter;
import io.liveroom.gateway.ws.SharedTextFrame;
import io.liveroom.infra.auth.TokenClaims;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One client connection and its seats in rooms. The seats change only through {@link
 * SessionRegistry}, which keeps the fan-out index in step; everyone else reads them ({@link
 * #rooms()}). Touched only on its gateway's event loop.
 */
public final class Session {
  private Identity identity;
  private final ClientConnection socket;
  private final Map<String, Seat> seats = new LinkedHashMap<>();
  private final Map<String, Seat> rooms = Collections.unmodifiableMap(seats);
  private final ConnectionRateLimiter limiter;
  private final SeatTokens seatTokens;
  private long lastSeen = System.currentTimeMillis();
  private boolean closed;

  /**
   * Who the session is to its client: its id and the token that resumes it. They change together,
   * when a resumed session's identity moves onto a new connection.
   */
  public record Identity(String id, String resumeToken) {
    /** A new session's: a random id and a fresh resume token. */
    public static Identity fresh() {
      return new Identity(UUID.randomUUID().toString(), SessionLifecycle.newToken());
    }
  }

  public Session(
      Identity identity,
      ClientConnection socket,
      ConnectionRateLimiter limiter,
      SeatTokens seatTokens) {
    this.identity = identity;
    this.socket = socket;
    this.limiter = limiter;
    this.seatTokens = seatTokens;
  }

  /** Fails with TOKEN_EXPIRED when the seat's token has expired (see {@link SeatTokens}). */
  public void checkToken(Seat seat) {
    seatTokens.check(seat);
  }

  /**
   * The session's seats by roomID, in the order it entered them (read-only: see {@link
   * SessionRegistry}).
   */
  public Map<String, Seat> rooms() {
    return rooms;
  }

  void seat(String roomId, Seat seat) {
    seats.put(roomId, seat);
  }

  Seat unseat(String roomId) {
    return seats.remove(roomId);
  }

  /** The connection's request rate limiter. */
  public ConnectionRateLimiter limiter() {
    return limiter;
  }

  /** When the client last sent anything (a frame or a ping), epoch ms. */
  public long lastSeen() {
    return lastSeen;
  }

  public void touch(long now) {
    lastSeen = now;
  }

  public String id() {
    return identity.id();
  }

  String resumeToken() {
    return identity.resumeToken();
  }

  /** Takes over a resumed session's identity (only before this connection joined any room). */
  void adopt(Identity resumed) {
    if (!seats.isEmpty()) {
      throw new IllegalStateException("a session in rooms cannot change identity");
    }
    this.identity = resumed;
  }

  /**
   * This session's place in one room. Pushes wait in {@code queued} until the login reply is out.
   */
  public static final class Seat {
    public final String userId;
    public final String userName;
    public final boolean userUpdate;

    /** The seat's token and what it says; replaced by renewToken. Null claims: no longer valid. */
    public TokenClaims claims;

    String token;

    /** tokenWillExpire was pushed for the current token. */
    boolean tokenWarned;

    /** The room's mode ("live" or "p2p"), for re-asserting the seat after a store loss. */
    final String mode;

    public final Set<String> streams = new LinkedHashSet<>();

    /** The extra info of the streams published here, by streamID (for re-asserting them). */
    public final Map<String, String> extraInfo = new HashMap<>();

    /**
     * When the seat entered its room's fan-out, on the fan-out's user-update clock (set by the
     * fan-out; the session only carries it).
     */
    public long enteredAt;

    private List<String> queued = new ArrayList<>();

    public Seat(
        String userId,
        String userName,
        boolean userUpdate,
        TokenClaims claims,
        String token,
        String mode) {
      this.mode = mode;
      this.token = token;
      this.userId = userId;
      this.userName = userName;
      this.userUpdate = userUpdate;
      this.claims = claims;
    }

    public boolean active() {
      return queued == null;
    }

    /** The publish privilege the server set (admin API) over the token's; null: the token's. */
    private Boolean serverPublish;

    /**
     * The server grants or takes away publish: the seat's claims say so from now on, renewals
     * included.
     */
    public void serverPublish(boolean publish) {
      serverPublish = publish;
      if (claims != null) {
        claims = ServerCommands.withPublish(claims, publish);
      }
    }

    public Boolean serverPublish() {
      return serverPublish;
    }

    void renew(TokenClaims renewed, String renewedToken) {
      this.claims =
          serverPublish == null ? renewed : ServerCommands.withPublish(renewed, serverPublish);
      this.token = renewedToken;
      this.tokenWarned = false;
    }
  }

  public int streamCount() {
    return seats.values().stream().mapToInt(s -> s.streams.size()).sum();
  }

  public boolean closed() {
    return closed;
  }

  public void markClosed() {
    closed = true;
  }

  public void send(JsonObject frame) {
    send(frame.encode());
  }

  public void send(String frame) {
    if (!closed) {
      socket.send(frame); // dropped once the socket is closing
    }
  }

  /** Sends a room push now, or queues it while the seat's login reply is still pending. */
  public void push(Seat seat, String frame) {
    if (seat.queued != null) {
      seat.queued.add(frame);
    } else {
      send(frame);
    }
  }

  /**
   * Sends a best-effort room push (barrage) unless the connection cannot keep up: when its channel
   * is not writable (the send buffer above Netty's high-water mark; there is no per-connection
   * write queue) the frame is dropped for this session only. Returns false when it was dropped.
   */
  public boolean pushDroppable(Seat seat, SharedTextFrame frame) {
    if (seat.queued != null) {
      seat.queued.add(frame.text());
      return true;
    }
    return closed || frame.writeTo(socket);
  }

  /** The login reply is out: deliver what was queued and go live. */
  public void activate(Seat seat) {
    List<String> queued = seat.queued;
    seat.queued = null;
    if (queued != null) {
      queued.forEach(this::send);
    }
  }

  public void close(short code, String reason) {
    if (!closed) {
      socket.close(code, reason);
    }
  }
}
