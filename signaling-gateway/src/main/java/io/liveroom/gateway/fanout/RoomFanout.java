package io.liveroom.gateway.fanout;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.GatewayMetrics;
import io.liveroom.gateway.session.KnownExtraInfo;
import io.liveroom.gateway.session.Session;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.BarrageReceived;
import io.liveroom.infra.contracts.BroadcastReceived;
import io.liveroom.infra.contracts.RoomEvent;
import io.liveroom.infra.contracts.RoomExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import io.liveroom.infra.contracts.RoomStreamExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomStreamTrackMuted;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Room pushes of this gateway. While it has at least one session in a room ({@link RoomMembers}) it
 * listens on the room's event address and turns each event into one frame, encoded once and written
 * to every local member that should see it: signaling events skip the session that caused them; IM
 * broadcast goes to every member, the sender included (so a client sees every messageID of the room
 * and can detect gaps), in messageID order ({@link BroadcastOrder}); joins and leaves are batched
 * ({@link UserUpdateBatcher}); barrage is best effort and paced ({@link BarrageWriter}). Broadcast
 * and signaling frames are always written (queued on the connection, never dropped).
 */
public final class RoomFanout {
  private static final System.Logger LOG = System.getLogger(RoomFanout.class.getName());
  private final Vertx vertx;
  private final EventBus bus;
  private final long reorderMs;
  private final GatewayMetrics metrics;
  private final RoomMembers members = new RoomMembers();
  private final Map<String, MessageConsumer<Object>> consumers = new HashMap<>();
  private final Map<String, BroadcastOrder> order = new HashMap<>();
  private final UserUpdateBatcher users;
  private final BarrageWriter barrage;
  private final KnownExtraInfo extraInfo = new KnownExtraInfo();
  private Runnable membershipListener = () -> {};

  public RoomFanout(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.bus = vertx.eventBus();
    this.reorderMs = config.broadcastReorderMs();
    this.users =
        new UserUpdateBatcher(members, config.userUpdateBatchMs(), Timers.of(vertx), metrics);
    this.barrage = new BarrageWriter(vertx, config, members, metrics);
  }

  /** The extra info of the rooms with local members, as last seen. */
  public KnownExtraInfo extraInfo() {
    return extraInfo;
  }

  /** Called whenever a room's local membership may have changed (presence reports it early). */
  public void onMembershipChange(Runnable listener) {
    this.membershipListener = listener;
  }

  /** A seat went live, left, or a parked session came or went: tells the presence reporter. */
  public void membershipChanged() {
    membershipListener.run();
  }

  /**
   * Adds a session's seat to a room's members; completes once this gateway is subscribed to the
   * room's events. Called by {@code SessionRegistry} only, which keeps it in step with the
   * session's seats.
   */
  public Future<Void> enter(String roomId, Session session, Session.Seat seat) {
    seat.enteredAt = users.entered(); // joins and leaves that arrived before are not its news
    members.add(roomId, session, seat);
    MessageConsumer<Object> consumer =
        consumers.computeIfAbsent(
            roomId,
            k -> {
              RoomPushes pushes = new RoomPushes(roomId);
              return bus.consumer(
                  Addresses.roomEvents(roomId), message -> deliver(pushes, message.body()));
            });
    return consumer.completion();
  }

  /** Takes a session out of a room's members (called by {@code SessionRegistry} only). */
  public void leave(String roomId, Session session) {
    membershipChanged();
    if (members.remove(roomId, session)) {
      barrage.forget(roomId);
      extraInfo.forget(roomId);
      BroadcastOrder o = order.remove(roomId);
      if (o != null) {
        o.close();
      }
      MessageConsumer<Object> consumer = consumers.remove(roomId);
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }

  public int localRooms() {
    return members.size();
  }

  /** The local sessions of every room (read-only views; for presence reports on the event loop). */
  public Map<String, Map<Session, Session.Seat>> rooms() {
    return members.all();
  }

  /** Barrage frames not written because the member's socket could not keep up. */
  public long barrageDropped() {
    return barrage.dropped();
  }

  /**
   * Dispatches one message of a room's event address; anything but a {@link RoomEvent} is logged,
   * never dropped silently.
   */
  private void deliver(RoomPushes pushes, Object body) {
    if (body instanceof RoomEvent event) {
      event.accept(pushes);
    } else {
      LOG.log(
          System.Logger.Level.WARNING,
          "room "
              + pushes.roomId
              + ": ignored a message that is not a RoomEvent: "
              + (body == null ? "null" : body.getClass().getName()));
    }
  }

  /** One room's events as pushes to its local members. */
  private final class RoomPushes implements RoomEvent.Handler<Void> {
    private final String roomId;

    RoomPushes(String roomId) {
      this.roomId = roomId;
    }

    /**
     * The room's members, after the joins and leaves that came before this event went out; null:
     * none.
     */
    private Set<Session> members() {
      users.flush(roomId);
      Map<Session, Session.Seat> seats = members.of(roomId);
      return seats == null ? null : seats.keySet();
    }

    @Override
    public Void userUpdated(RoomUserUpdated e) {
      users.offer(roomId, e);
      return null;
    }

    /**
     * Pushes {@code e}'s signaling frame to the members but {@code origin}; encodes only when there
     * are members.
     */
    private <E> Void signal(String origin, E e, BiFunction<String, E, String> frame) {
      Set<Session> sessions = members();
      if (sessions != null) {
        signaling(sessions, roomId, origin, frame.apply(roomId, e));
      }
      return null;
    }

    @Override
    public Void onlineCountChanged(RoomOnlineCountChanged e) {
      return signal(null, e, RoomEventFrames::onlineCount);
    }

    @Override
    public Void streamUpdated(RoomStreamUpdated e) {
      return signal(e.originSessionId(), e, RoomEventFrames::streams);
    }

    @Override
    public Void streamExtraInfoUpdated(RoomStreamExtraInfoUpdated e) {
      return signal(e.originSessionId(), e, RoomEventFrames::streamExtraInfo);
    }

    @Override
    public Void streamTrackMuted(RoomStreamTrackMuted e) {
      return signal(null, e, RoomEventFrames::trackMuted);
    }

    @Override
    public Void extraInfoUpdated(RoomExtraInfoUpdated e) {
      return signal(
          e.originSessionId(),
          e,
          (room, x) -> {
            extraInfo.learn(room, x.info());
            return RoomEventFrames.extraInfo(room, x);
          });
    }

    @Override
    public Void broadcastReceived(BroadcastReceived e) {
      Set<Session> sessions = members();
      if (sessions == null || e.messages().isEmpty()) {
        return null;
      }
      String frame = RoomEventFrames.broadcast(roomId, e);
      order
          .computeIfAbsent(
              roomId,
              k ->
                  new BroadcastOrder(
                      vertx,
                      reorderMs,
                      f -> {
                        Map<Session, Session.Seat> now = members.of(roomId);
                        if (now != null) {
                          // one message per broadcast event (chat-service publishes each on its
                          // own)
                          metrics.frames(
                              GatewayMetrics.Kind.BROADCAST,
                              1,
                              fanOut(now.keySet(), roomId, null, f));
                        }
                      }))
          .offer(
              e.messages().get(0).messageId(),
              e.messages().get(e.messages().size() - 1).messageId(),
              frame);
      return null;
    }

    @Override
    public Void barrageReceived(BarrageReceived e) {
      Set<Session> sessions = members();
      if (sessions != null) {
        barrage.offer(roomId, sessions.size(), e.messages());
      }
      return null;
    }
  }

  private void signaling(Set<Session> sessions, String roomId, String origin, String frame) {
    metrics.frames(GatewayMetrics.Kind.SIGNALING, 0, fanOut(sessions, roomId, origin, frame));
  }

  /** Writes the frame to every member but {@code origin}; returns how many. */
  private static int fanOut(Set<Session> sessions, String roomId, String origin, String frame) {
    int written = 0;
    for (Session session : sessions) {
      Session.Seat seat = session.rooms().get(roomId);
      if (seat != null && !session.id().equals(origin)) {
        session.push(seat, frame);
        written++;
      }
    }
    return written;
  }
}
