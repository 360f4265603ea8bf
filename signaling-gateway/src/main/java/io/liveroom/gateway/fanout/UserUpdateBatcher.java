package io.liveroom.gateway.fanout;

import io.liveroom.gateway.GatewayMetrics;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Pushes;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.liveroom.infra.contracts.UpdateType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * roomUserUpdate pushes: joins and leaves of a room arriving within {@code batchMs} of each other
 * go out together, one frame per run of the same update type, encoded once for every member that
 * wants user updates. Keeps its own logical clock, on which sessions entering the room ({@link
 * #entered()}, stored as {@code Seat.enteredAt}) are ordered against arriving events, so a member
 * never hears of joins and leaves from before it entered. Confined to the gateway's event loop.
 */
public final class UserUpdateBatcher {
  /** A room's events waiting to go out together, and the timer that sends them. */
  private record Pending(List<Arrived> events, long timer) {}

  /** An event and when it arrived, on this batcher's clock. */
  private record Arrived(RoomUserUpdated event, long at) {}

  private final RoomMembers members;
  private final long batchMs;
  private final Timers timers;
  private final GatewayMetrics metrics;
  private final Map<String, Pending> pending = new HashMap<>();
  private long clock;

  public UserUpdateBatcher(
      RoomMembers members, long batchMs, Timers timers, GatewayMetrics metrics) {
    this.members = members;
    this.batchMs = batchMs;
    this.timers = timers;
    this.metrics = metrics;
  }

  /**
   * A session enters a room now: its place on the clock (events that arrived before are not its
   * news).
   */
  public long entered() {
    return ++clock;
  }

  /**
   * Queues a join or leave; the room's batch goes out {@code batchMs} after its first event, or at
   * {@link #flush}.
   */
  public void offer(String roomId, RoomUserUpdated event) {
    Pending p = pending.get(roomId);
    if (p == null) {
      p = new Pending(new ArrayList<>(), timers.set(Math.max(1, batchMs), () -> flush(roomId)));
      pending.put(roomId, p);
    }
    p.events().add(new Arrived(event, ++clock));
  }

  /**
   * Sends the room's queued joins and leaves now (another event of the room must not overtake
   * them).
   */
  public void flush(String roomId) {
    Pending p = pending.remove(roomId);
    if (p == null) {
      return;
    }
    timers.cancel(p.timer());
    Map<Session, Session.Seat> seats = members.of(roomId);
    List<Arrived> events = p.events();
    for (int from = 0, to; seats != null && from < events.size(); from = to) {
      UpdateType type = events.get(from).event().updateType();
      to = from;
      while (to < events.size() && events.get(to).event().updateType() == type) {
        to++;
      }
      push(seats, roomId, type, events.subList(from, to));
    }
  }

  /**
   * One run of joins (or leaves): one frame, encoded once, for every member with userUpdate that
   * was in the room before the run and caused none of it; the few others get their own frame
   * without their own doing and without what happened before they entered.
   */
  private void push(
      Map<Session, Session.Seat> seats, String roomId, UpdateType type, List<Arrived> run) {
    Set<String> origins = new HashSet<>();
    run.forEach(a -> origins.add(a.event().originSessionId()));
    long first = run.get(0).at();
    String shared = frame(roomId, type, run, null, 0);
    for (Map.Entry<Session, Session.Seat> member : seats.entrySet()) {
      Session session = member.getKey();
      Session.Seat seat = member.getValue();
      if (!seat.userUpdate) {
        continue;
      }
      String frame =
          !origins.contains(session.id()) && seat.enteredAt < first
              ? shared
              : frame(roomId, type, run, session.id(), seat.enteredAt);
      if (frame != null) {
        session.push(seat, frame);
        metrics.frames(GatewayMetrics.Kind.SIGNALING, 0, 1);
      }
    }
  }

  private static String frame(
      String roomId, UpdateType type, List<Arrived> run, String skipOrigin, long after) {
    List<RoomUser> users = new ArrayList<>();
    run.stream()
        .filter(
            a ->
                a.at() > after
                    && (skipOrigin == null || !skipOrigin.equals(a.event().originSessionId())))
        .forEach(a -> users.addAll(a.event().users()));
    return users.isEmpty()
        ? null
        : Protocol.push("roomUserUpdate")
            .put("roomID", roomId)
            .put("updateType", type.name())
            .put("userList", Pushes.users(users))
            .encode();
  }
}
