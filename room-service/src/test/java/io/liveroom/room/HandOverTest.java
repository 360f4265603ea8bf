package io.liveroom.room;

import static io.liveroom.room.RoomTests.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.ResumeReply;
import io.liveroom.infra.contracts.ResumeSeat;
import io.liveroom.infra.contracts.ResumeSession;
import io.liveroom.infra.store.Member;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session handed from one gateway to another while a node dies: every user.joined still gets
 * exactly one later user.left. The first test is the interleaving that left a session joined for
 * ever in WebhookDeliveryIT: gateway gw-2 parks session s1, gw-1 takes it from the session store to
 * resume it, gw-2 is told and forgets it, and gw-1's resume request never moves the membership (it
 * went to a room-service instance killed just then and timed out, or gw-1 died first). The
 * membership stays held through gw-2 (alive, so never evicted) by a session no gateway has (so it
 * never expires).
 */
@ExtendWith(VertxExtension.class)
class HandOverTest {
  private LoggedRoom room;

  @BeforeEach
  void setUp(Vertx vertx) {
    room = new LoggedRoom(vertx);
  }

  private void login(String user, String session, String gateway) {
    await(room.rooms().login(new LoginRoom("r", user, user, session, gateway, 0, "live")));
  }

  private ResumeReply resume(String user, String session, String gateway) {
    return await(
        room.rooms()
            .resume(new ResumeSession(session, gateway, List.of(new ResumeSeat("r", user)))));
  }

  @Test
  void aSessionHandedToAGatewayThatDiedLeavesThroughTheGatewayThatHadParkedIt() {
    login("alice", "s1", "gw-2");
    login("bob", "s2", "gw-2");
    // gw-1 took s1 from the session store; its resume never reached a live room-service
    assertEquals(0, await(room.rooms().evictGateway(new GatewayExpired("gw-1", 0))));
    assertEquals(
        Map.of("r", List.of("alice", "bob")),
        Map.of(
            "r",
            await(room.log.openSessions()).get("r").stream()
                .map(o -> o.userID())
                .sorted()
                .toList()),
        "nothing else would ever end s1: its gateway lives, no gateway has the session");
    // gw-2's hand-over check, past the reconnect grace
    assertTrue(
        await(room.rooms().logout(new LogoutRoom("r", "alice", "s1", "heartbeat_timeout", "gw-2")))
            .removed());
    assertNull(await(room.stores().membership().member("r", "alice")));
    room.assertSession("s1", "user.joined", "user.left heartbeat_timeout");
    room.assertSession("s2", "user.joined");
  }

  @Test
  void theOldGatewaysCheckLeavesAResumedSessionAlone() {
    login("alice", "s1", "gw-2");
    assertEquals(List.of(), resume("alice", "s1", "gw-1").lost());
    assertFalse(
        await(room.rooms().logout(new LogoutRoom("r", "alice", "s1", "heartbeat_timeout", "gw-2")))
            .removed());
    Member held = await(room.stores().membership().member("r", "alice"));
    assertEquals("gw-1", held.gatewayId());
    room.assertSession("s1", "user.joined");
    // a newer session of the user on the old gateway is not the handed one either
    login("alice", "s3", "gw-2");
    assertFalse(
        await(room.rooms().logout(new LogoutRoom("r", "alice", "s1", "heartbeat_timeout", "gw-2")))
            .removed());
    assertEquals("s3", await(room.stores().membership().member("r", "alice")).sessionId());
    room.assertSession("s1", "user.joined", "user.left duplicate_login");
    room.assertSession("s3", "user.joined");
  }

  @Test
  void aResumeNeverPutsBackAMembershipEvictedMeanwhile() {
    login("alice", "s1", "gw-1");
    login("bob", "s2", "gw-2");
    // gw-1 dies: its members are evicted while alice's resume on gw-2 is on its way
    assertEquals(1, await(room.rooms().evictGateway(new GatewayExpired("gw-1", 0))));
    ResumeReply reply = resume("alice", "s1", "gw-2");
    assertEquals(List.of("r"), reply.lost());
    assertNull(await(room.stores().membership().member("r", "alice")), "not put back");
    room.assertSession("s1", "user.joined", "user.left gateway_lost");
  }

  @Test
  void aResumeNeverOverwritesANewerLoginOfTheUser() {
    login("alice", "s1", "gw-1");
    login("alice", "s3", "gw-2"); // a duplicate login took the place while s1 was away
    assertEquals(List.of("r"), resume("alice", "s1", "gw-2").lost());
    assertEquals("s3", await(room.stores().membership().member("r", "alice")).sessionId());
    await(room.rooms().logout(new LogoutRoom("r", "alice", "s3")));
    room.assertSession("s1", "user.joined", "user.left duplicate_login");
    room.assertSession("s3", "user.joined", "user.left logout");
  }
}
