package io.liveroom.presence.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.testing.ManualClock;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryLeaseStoreTest extends LeaseStoreContract {
  @Override
  protected LeaseStore createStore(Vertx vertx) {
    return new MemoryLeaseStore(Clock.systemUTC());
  }

  @Override
  protected LeaseStore sameData(Vertx vertx) {
    return store; // one process, one map
  }

  @Test
  void deadlinesFollowTheInjectedClockToTheMillisecond() {
    ManualClock clock = new ManualClock(1_000);
    MemoryLeaseStore leases = new MemoryLeaseStore(clock);
    await(leases.report(lease("gw", 500, room("r", 1, "u"))));
    clock.advance(499);
    assertEquals(new RoomCount("r", 1, 1), await(leases.roomCount("r")));
    assertEquals(List.of(), await(leases.claimExpired()));
    clock.advance(1);
    assertEquals(
        new RoomCount("r", 0, 0), await(leases.roomCount("r")), "live while now < deadline");
    assertEquals(List.of(new GatewayExpired("gw", 1_500)), await(leases.claimExpired()));
    assertTrue(await(leases.holdPushLeadership("a", 100)));
    clock.advance(99);
    assertFalse(await(leases.holdPushLeadership("b", 100)));
    clock.advance(1);
    assertTrue(await(leases.holdPushLeadership("b", 100)));
  }
}
