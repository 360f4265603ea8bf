package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link DeliveryCursors} backend must do: one lease holder, fenced and forward-only
 * positions.
 */
public abstract class DeliveryCursorsContract extends StoresContractSupport {
  private static final String URL = "http://127.0.0.1:9/hook";
  protected DeliveryCursors cursors;

  @BeforeEach
  void pickCursors() {
    cursors = stores.deliveryCursors();
  }

  @Test
  void oneOwnerHoldsTheLeaseAndRenewsItWithTheSameFence() {
    long fence = await(cursors.acquire(URL, "a", 10_000));
    assertTrue(fence > 0);
    assertEquals(0L, await(cursors.acquire(URL, "b", 10_000)), "b must not take a held lease");
    assertEquals(fence, await(cursors.acquire(URL, "a", 10_000)));
    assertTrue(await(cursors.acquire("http://other/", "b", 10_000)) > 0, "leases are per endpoint");
  }

  @Test
  void anExpiredOrReleasedLeaseGoesToAnotherOwnerWithALargerFence() throws Exception {
    long a = await(cursors.acquire(URL, "a", 100));
    long deadline = System.currentTimeMillis() + 5_000;
    long b = 0;
    while (b == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      b = await(cursors.acquire(URL, "b", 10_000));
    }
    assertTrue(b > a, "fences grow: " + a + " then " + b);
    await(cursors.release(URL, "a"));
    assertEquals(
        0L,
        await(cursors.acquire(URL, "a", 10_000)),
        "releasing someone else's lease does nothing");
    await(cursors.release(URL, "b"));
    assertTrue(await(cursors.acquire(URL, "a", 10_000)) > b);
  }

  @Test
  void positionsMoveForwardOnlyUnderTheCurrentLease() throws Exception {
    assertEquals(-1L, await(cursors.position(URL)));
    long a = await(cursors.acquire(URL, "a", 100));
    assertTrue(await(cursors.commit(URL, "a", a, 10)));
    assertTrue(await(cursors.commit(URL, "a", a, 5)));
    assertEquals(10L, await(cursors.position(URL)), "a position never moves back");
    assertFalse(await(cursors.commit(URL, "a", a + 1, 20)), "a wrong fence is refused");
    long deadline = System.currentTimeMillis() + 5_000;
    long b = 0;
    while (b == 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
      b = await(cursors.acquire(URL, "b", 10_000));
    }
    assertFalse(await(cursors.commit(URL, "a", a, 30)), "the old holder is fenced off");
    assertTrue(await(cursors.commit(URL, "b", b, 12)));
    assertEquals(12L, await(cursors.position(URL)));
  }
}
