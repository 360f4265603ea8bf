package io.liveroom.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.gateway.GatewayMetrics;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.ws.ConnectionRateLimiter;
import io.liveroom.gateway.ws.FakeConnection;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.liveroom.infra.contracts.UpdateType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** roomUserUpdate batching on a manual clock, written to fake connections. */
class UserUpdateBatcherTest {
  private static final String ROOM = "lobby";
  private static final long BATCH_MS = 50;
  private final RoomMembers members = new RoomMembers();
  private final ManualTimers timers = new ManualTimers();
  private final UserUpdateBatcher batcher =
      new UserUpdateBatcher(
          members, BATCH_MS, timers, new GatewayMetrics(new SimpleMeterRegistry()));

  /** A session of this gateway entering the room now, with its login reply already out. */
  private FakeConnection member(String sessionId, boolean userUpdate) {
    FakeConnection connection = new FakeConnection();
    Session session =
        new Session(
            new Session.Identity(sessionId, "r"),
            connection,
            new ConnectionRateLimiter(10, 10, 0),
            null);
    Session.Seat seat =
        new Session.Seat("u-" + sessionId, sessionId, userUpdate, null, "t", "live");
    seat.enteredAt = batcher.entered();
    members.add(ROOM, session, seat);
    session.activate(seat);
    return connection;
  }

  private static RoomUserUpdated event(UpdateType type, String origin, String... userIds) {
    return new RoomUserUpdated(
        ROOM, type, List.of(userIds).stream().map(u -> new RoomUser(u, u)).toList(), origin);
  }

  private static List<String> userIds(JsonObject push) {
    return push.getJsonArray("userList").stream()
        .map(u -> ((JsonObject) u).getString("userID"))
        .toList();
  }

  @Test
  void eventsWithinTheBatchWindowGoOutAsOneFrameWhenItCloses() {
    FakeConnection watcher = member("w", true);
    batcher.offer(ROOM, event(UpdateType.ADD, "a", "alice"));
    timers.advance(BATCH_MS / 2);
    batcher.offer(ROOM, event(UpdateType.ADD, "b", "bob"));
    timers.advance(BATCH_MS / 2 - 1);
    assertEquals(List.of(), watcher.pushes("roomUserUpdate"), "nothing before the window closes");
    timers.advance(1);
    List<JsonObject> pushes = watcher.pushes("roomUserUpdate");
    assertEquals(1, pushes.size(), "one frame for the batch");
    assertEquals("ADD", pushes.get(0).getString("updateType"));
    assertEquals(List.of("alice", "bob"), userIds(pushes.get(0)));
    assertEquals(0, timers.pending());
  }

  @Test
  void theCauseAndMembersWithoutUserUpdateHearNothingOfIt() {
    FakeConnection cause = member("a", true);
    FakeConnection quiet = member("q", false);
    FakeConnection watcher = member("w", true);
    batcher.offer(ROOM, event(UpdateType.ADD, "a", "alice"));
    batcher.flush(ROOM);
    assertEquals(List.of(), cause.pushes("roomUserUpdate"), "the session that joined");
    assertEquals(List.of(), quiet.pushes("roomUserUpdate"), "userUpdate off");
    assertEquals(List.of("alice"), userIds(watcher.pushes("roomUserUpdate").get(0)));
    assertEquals(0, timers.pending(), "a flush cancels the window's timer");
  }

  @Test
  void aMemberHearsOnlyOfWhatArrivedAfterItEntered() {
    FakeConnection early = member("e", true);
    batcher.offer(ROOM, event(UpdateType.ADD, "x", "xavier"));
    FakeConnection late = member("l", true);
    batcher.offer(ROOM, event(UpdateType.ADD, "y", "yvonne"));
    timers.advance(BATCH_MS);
    assertEquals(List.of("xavier", "yvonne"), userIds(early.pushes("roomUserUpdate").get(0)));
    assertEquals(1, late.pushes("roomUserUpdate").size());
    assertEquals(List.of("yvonne"), userIds(late.pushes("roomUserUpdate").get(0)));
  }

  @Test
  void runsOfJoinsAndLeavesKeepTheirOrder() {
    FakeConnection watcher = member("w", true);
    batcher.offer(ROOM, event(UpdateType.ADD, "a", "alice"));
    batcher.offer(ROOM, event(UpdateType.ADD, "b", "bob"));
    batcher.offer(ROOM, event(UpdateType.DELETE, "a", "alice"));
    batcher.offer(ROOM, event(UpdateType.ADD, "c", "carol"));
    timers.advance(BATCH_MS);
    List<JsonObject> pushes = watcher.pushes("roomUserUpdate");
    assertEquals(
        List.of("ADD", "DELETE", "ADD"),
        pushes.stream().map(p -> p.getString("updateType")).toList());
    assertEquals(List.of("alice", "bob"), userIds(pushes.get(0)));
    assertEquals(List.of("alice"), userIds(pushes.get(1)));
    assertEquals(List.of("carol"), userIds(pushes.get(2)));
  }

  @Test
  void aRoomWithoutLocalMembersDropsItsBatch() {
    batcher.offer("elsewhere", event(UpdateType.ADD, "a", "alice"));
    timers.advance(BATCH_MS);
    assertEquals(0, timers.pending());
    FakeConnection watcher = member("w", true);
    batcher.flush(ROOM);
    assertEquals(List.of(), watcher.frames());
  }
}
