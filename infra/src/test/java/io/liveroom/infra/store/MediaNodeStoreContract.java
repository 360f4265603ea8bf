package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MediaNodeStore} backend must have. */
public abstract class MediaNodeStoreContract extends StoresContractSupport {
  protected MediaNodeStore nodes;

  @BeforeEach
  void pickStore() {
    nodes = stores.mediaNodes();
  }

  static MediaNodeRecord node(String id, int streams) {
    return new MediaNodeRecord(
        id,
        List.of("127.0.0.1:10000"),
        100,
        1000,
        1_000_000_000L,
        streams,
        3 * streams,
        1_000_000L * streams,
        3_000_000L * streams,
        0.25,
        false,
        1_700_000_000_000L + streams);
  }

  @Test
  void anAnnouncedNodeIsLiveWithEveryField() {
    MediaNodeRecord a = node("media-a", 2);
    await(nodes.announce(a, 10_000));
    assertEquals(List.of(a), await(nodes.live()));
    assertEquals(a, await(nodes.get("media-a")));
  }

  @Test
  void theLatestAnnouncementReplacesTheLastAndNodesAreListedById() {
    await(nodes.announce(node("media-b", 1), 10_000));
    await(nodes.announce(node("media-a", 1), 10_000));
    MediaNodeRecord draining = node("media-b", 5).asDraining();
    await(nodes.announce(draining, 10_000));
    assertEquals(List.of(node("media-a", 1), draining), await(nodes.live()));
    assertTrue(await(nodes.get("media-b")).draining());
  }

  @Test
  void aNodeWhoseLeaseLapsesDropsOut() {
    await(nodes.announce(node("media-dies", 1), 150));
    await(nodes.announce(node("media-lives", 1), 60_000));
    long deadline = System.currentTimeMillis() + 5_000;
    while (await(nodes.get("media-dies")) != null && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertNull(await(nodes.get("media-dies")), "the lease lapsed");
    assertEquals(List.of(node("media-lives", 1)), await(nodes.live()));
  }

  @Test
  void removeWithdrawsAtOnce() {
    await(nodes.announce(node("media-a", 1), 60_000));
    assertTrue(await(nodes.remove("media-a")));
    assertFalse(await(nodes.remove("media-a")), "already gone");
    assertNull(await(nodes.get("media-a")));
    assertEquals(List.of(), await(nodes.live()));
  }

  @Test
  void headroomAndFullnessFollowTheTightestCapacity() {
    MediaNodeRecord n =
        node("media-a", 10); // 10/100 streams, 30/1000 players, 40M/1G bitrate, cpu 0.25
    assertEquals(0.75, n.headroom(0), 1e-9, "cpu is the tightest");
    assertEquals(
        0.5, n.headroom(50), 1e-9, "placed rooms count as streams before the node reports them");
    assertFalse(n.full(99));
    assertTrue(n.full(100));
  }
}
