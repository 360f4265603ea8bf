package io.liveroom.gateway;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.BarrageReceived;
import io.liveroom.infra.contracts.BroadcastReceived;
import io.liveroom.infra.contracts.ChatData;
import io.liveroom.infra.contracts.RoomExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import io.liveroom.infra.contracts.RoomStreamExtraInfoUpdated;
import io.liveroom.infra.contracts.RoomStreamUpdated;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.UpdateType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * This gateway's local index of rooms to sessions. The gateway listens on a room's event address
 * while it has at least one session there, encodes each event once and writes the same frame to
 * every local member that should see it. Signaling events skip the session that caused them; IM
 * broadcast goes to every member, the sender included (so a client sees every messageID of the
 * room and can detect gaps); barrage is best effort and paced ({@link BarragePacer}: a large room's
 * batches are merged further so its frames stay within the gateway's frame budget); a socket whose
 * write queue is full misses the frame (counted in {@link #barrageDropped()}), nobody waits for it. Broadcast and signaling are
 * always written; broadcast goes out in messageID order ({@link BroadcastOrder}).
 */
final class RoomFanout {
  private final Vertx vertx;
  private final EventBus bus;
  private final long reorderMs;
  private final Map<String, BroadcastOrder> order = new HashMap<>();
  /** Per room, the local sessions and their seat in it (kept in step with {@code session.rooms} by enter/leave). */
  private final Map<String, Map<Session, Session.Seat>> rooms = new HashMap<>();
  private final Map<String, MessageConsumer<Object>> consumers = new HashMap<>();
  private final LongAdder barrageDropped = new LongAdder();
  private final long userBatchMs;
  private final Map<String, PendingUsers> userUpdates = new HashMap<>();
  private final BarragePacer pacer;
  private final GatewayMetrics metrics;
  private Runnable membershipListener = () -> {};
  private final KnownExtraInfo extraInfo = new KnownExtraInfo();

  /** A room's roomUserUpdate events waiting to go out together, and the timer that sends them. */
  private record PendingUsers(List<Arrived> events, long timer) {}

  /** An event and when it arrived, on the same clock as the seats' entries into the room. */
  private record Arrived(RoomUserUpdated event, long at) {}

  /** Orders arrivals of user events against sessions entering rooms (see {@code Seat.enteredAt}). */
  private long clock;

  RoomFanout(Vertx vertx, GatewayConfig config, GatewayMetrics metrics) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.bus = vertx.eventBus();
    this.reorderMs = config.broadcastReorderMs();
    this.userBatchMs = config.userUpdateBatchMs();
    this.pacer = new BarragePacer(vertx, config.barrageFrameBudget(), config.barrageMaxDelayMs(),
        config.barrageMaxPerFrame(), this::writeBarrage);
  }

  /** The extra info of the rooms with local members, as last seen. */
  KnownExtraInfo extraInfo() {
    return extraInfo;
  }

  /** Called whenever a room's local membership may have changed (presence reports it early). */
  void onMembershipChange(Runnable listener) {
    this.membershipListener = listener;
  }

  /** A seat went live, left, or a parked session came or went: tells the presence reporter. */
  void membershipChanged() {
    membershipListener.run();
  }

  /** Adds a session to a room; completes once this gateway is subscribed to the room's events. */
  Future<Void> enter(String roomId, Session session) {
    Session.Seat seat = session.rooms.get(roomId);
    if (seat == null) {
      throw new IllegalStateException("a session enters a room's fan-out only with its seat in that room");
    }
    seat.enteredAt = ++clock; // joins and leaves that arrived before are not its news
    rooms.computeIfAbsent(roomId, k -> new LinkedHashMap<>()).put(session, seat);
    MessageConsumer<Object> consumer = consumers.computeIfAbsent(roomId,
        k -> bus.consumer(Addresses.roomEvents(roomId), message -> deliver(roomId, message.body())));
    return consumer.completion();
  }

  void leave(String roomId, Session session) {
    membershipChanged();
    Map<Session, Session.Seat> members = rooms.get(roomId);
    if (members != null && members.remove(session) != null && members.isEmpty()) {
      rooms.remove(roomId);
      pacer.forget(roomId);
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

  int localRooms() {
    return rooms.size();
  }

  /** The local sessions of every room (read-only views; for presence reports on the event loop). */
  Map<String, Map<Session, Session.Seat>> rooms() {
    return Collections.unmodifiableMap(rooms);
  }

  /** Barrage frames not written because the member's socket could not keep up. */
  long barrageDropped() {
    return barrageDropped.sum();
  }

  private void deliver(String roomId, Object event) {
    if (event instanceof RoomUserUpdated e) {
      batchUsers(roomId, e);
      return;
    }
    flushUsers(roomId); // what came before goes out before
    Map<Session, Session.Seat> seats = rooms.get(roomId);
    if (seats == null) {
      return;
    }
    Set<Session> members = seats.keySet();
    if (event instanceof BarrageReceived e) {
      pacer.offer(roomId, members.size(), e.messages());
    } else if (event instanceof BroadcastReceived e && !e.messages().isEmpty()) {
      String frame = Protocol.push("IMRecvBroadcastMessage").put("roomID", roomId)
          .put("chatData", Pushes.chatData(e.messages())).encode();
      order.computeIfAbsent(roomId, k -> new BroadcastOrder(vertx, reorderMs, f -> {
        Map<Session, Session.Seat> now = rooms.get(roomId);
        if (now != null) {
          // one message per broadcast event (chat-service publishes each on its own)
          metrics.frames(GatewayMetrics.Kind.BROADCAST, 1, fanOut(now.keySet(), roomId, null, f));
        }
      })).offer(e.messages().get(0).messageId(), e.messages().get(e.messages().size() - 1).messageId(), frame);
    } else if (event instanceof RoomOnlineCountChanged e) {
      signaling(members, roomId, null, Protocol.push("roomOnlineUserCountUpdate").put("roomID", roomId)
          .put("count", e.count()).encode());
    } else if (event instanceof RoomStreamUpdated e) {
      signaling(members, roomId, e.originSessionId(), Protocol.push("roomStreamUpdate").put("roomID", roomId)
          .put("updateType", e.updateType().name()).put("streamList", Pushes.streams(e.streams()))
          .put("extendedData", "").encode());
    } else if (event instanceof RoomStreamExtraInfoUpdated e) {
      signaling(members, roomId, e.originSessionId(), Protocol.push("roomStreamExtraInfoUpdate")
          .put("roomID", roomId).put("streamList", Pushes.streams(e.streams())).encode());
    } else if (event instanceof io.liveroom.infra.contracts.RoomStreamTrackMuted e) {
      signaling(members, roomId, null, Protocol.push("roomStreamTrackUpdate").put("roomID", roomId)
          .put("streamID", e.streamId()).put("userID", e.userId()).put("kind", e.kind()).put("muted", e.muted())
          .encode());
    } else if (event instanceof RoomExtraInfoUpdated e) {
      extraInfo.learn(roomId, e.info());
      signaling(members, roomId, e.originSessionId(), Protocol.push("roomExtraInfoUpdate").put("roomID", roomId)
          .put("roomExtraInfoList", new JsonArray().add(Pushes.extraInfo(e.info()))).encode());
    }
  }

  private void signaling(Set<Session> members, String roomId, String origin, String frame) {
    metrics.frames(GatewayMetrics.Kind.SIGNALING, 0, fanOut(members, roomId, origin, frame));
  }

  /** Writes the frame to every member but {@code origin}; returns how many. */
  private static int fanOut(Set<Session> members, String roomId, String origin, String frame) {
    int written = 0;
    for (Session session : members) {
      Session.Seat seat = session.rooms.get(roomId);
      if (seat != null && !session.id().equals(origin)) {
        session.push(seat, frame);
        written++;
      }
    }
    return written;
  }

  /** Joins and leaves arriving within {@code userBatchMs} of each other go out as one push per run. */
  private void batchUsers(String roomId, RoomUserUpdated event) {
    PendingUsers pending = userUpdates.get(roomId);
    if (pending == null) {
      pending = new PendingUsers(new ArrayList<>(), vertx.setTimer(Math.max(1, userBatchMs), t -> flushUsers(roomId)));
      userUpdates.put(roomId, pending);
    }
    pending.events().add(new Arrived(event, ++clock));
  }

  private void flushUsers(String roomId) {
    PendingUsers pending = userUpdates.remove(roomId);
    Map<Session, Session.Seat> seats = rooms.get(roomId);
    Set<Session> members = seats == null ? null : seats.keySet();
    if (pending == null) {
      return;
    }
    vertx.cancelTimer(pending.timer());
    List<Arrived> events = pending.events();
    for (int from = 0, to; members != null && from < events.size(); from = to) {
      UpdateType type = events.get(from).event().updateType();
      to = from;
      while (to < events.size() && events.get(to).event().updateType() == type) {
        to++;
      }
      pushUsers(members, roomId, type, events.subList(from, to));
    }
  }

  /**
   * One run of joins (or leaves): one frame, encoded once, for every member with userUpdate that
   * was in the room before the run and caused none of it; the few others get their own frame
   * without their own doing and without what happened before they entered.
   */
  private void pushUsers(Set<Session> members, String roomId, UpdateType type, List<Arrived> run) {
    Set<String> origins = new HashSet<>();
    run.forEach(a -> origins.add(a.event().originSessionId()));
    long first = run.get(0).at();
    String shared = userFrame(roomId, type, run, null, 0);
    for (Session session : members) {
      Session.Seat seat = session.rooms.get(roomId);
      if (seat == null || !seat.userUpdate) {
        continue;
      }
      String frame = !origins.contains(session.id()) && seat.enteredAt < first ? shared
          : userFrame(roomId, type, run, session.id(), seat.enteredAt);
      if (frame != null) {
        session.push(seat, frame);
        metrics.frames(GatewayMetrics.Kind.SIGNALING, 0, 1);
      }
    }
  }

  private static String userFrame(String roomId, UpdateType type, List<Arrived> run, String skipOrigin, long after) {
    List<RoomUser> users = new ArrayList<>();
    run.stream().filter(a -> a.at() > after && (skipOrigin == null || !skipOrigin.equals(a.event().originSessionId())))
        .forEach(a -> users.addAll(a.event().users()));
    return users.isEmpty() ? null : Protocol.push("roomUserUpdate").put("roomID", roomId).put("updateType", type.name())
        .put("userList", Pushes.users(users)).encode();
  }

  /** Writes one barrage frame with these messages to every local member of the room (see {@link BarragePacer}). */
  private void writeBarrage(String roomId, List<ChatData> messages) {
    Map<Session, Session.Seat> members = rooms.get(roomId);
    if (members == null) {
      return;
    }
    SharedTextFrame frame = new SharedTextFrame(Protocol.push("IMRecvBarrageMessage").put("roomID", roomId)
        .put("chatData", Pushes.chatData(messages)).encode());
    int dropped = 0;
    try {
      // the seats stored here, not session.rooms lookups: 5,000 hash lookups per frame were the hot spot
      for (Map.Entry<Session, Session.Seat> member : members.entrySet()) {
        if (!member.getKey().pushDroppable(member.getValue(), frame)) {
          dropped++;
        }
      }
    } finally {
      frame.release();
    }
    barrageDropped.add(dropped);
    metrics.barrageFrame(messages.size(), members.size() - dropped, dropped);
  }
}
