package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link EgressStore} backend must have. */
public abstract class EgressStoreContract extends StoresContractSupport {
  protected EgressStore egress;

  @BeforeEach
  void pickStore() {
    egress = stores.egress();
  }

  static EgressNodeRecord node(String id, int jobs) {
    return new EgressNodeRecord(id, "127.0.0.1", 8, jobs, true, 1_700_000_000_000L + jobs);
  }

  static EgressJobRecord job(String id, String node, long startedAt) {
    return new EgressJobRecord(
        id,
        "record",
        "cam-" + id,
        "room",
        node,
        "media-1",
        EgressJobRecord.RUNNING,
        "/out/" + id + ".webm",
        "/out/" + id + ".json",
        "VP8/opus",
        null,
        startedAt,
        0,
        startedAt,
        0);
  }

  @Test
  void announcedNodesAreLiveByIdAndTheLatestAnnouncementWins() {
    await(egress.announce(node("eg-b", 1), 10_000));
    await(egress.announce(node("eg-a", 0), 10_000));
    await(egress.announce(node("eg-b", 3), 10_000));
    assertEquals(List.of(node("eg-a", 0), node("eg-b", 3)), await(egress.live()));
  }

  @Test
  void aNodeWhoseLeaseLapsesOrThatWithdrawsDropsOut() {
    await(egress.announce(node("eg-dies", 1), 150));
    await(egress.announce(node("eg-leaves", 1), 60_000));
    await(egress.announce(node("eg-lives", 1), 60_000));
    await(egress.withdraw("eg-leaves"));
    long deadline = System.currentTimeMillis() + 5_000;
    while (await(egress.live()).size() > 1 && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(List.of(node("eg-lives", 1)), await(egress.live()));
  }

  @Test
  void jobsAreKeptReplacedAndListedNewestFirst() {
    assertNull(await(egress.job("nope")));
    await(egress.putJob(job("j1", "eg-a", 1_000)));
    await(egress.putJob(job("j2", "eg-a", 3_000)));
    await(egress.putJob(job("j3", "eg-b", 2_000)));
    EgressJobRecord ended = job("j1", "eg-a", 1_000).withState(EgressJobRecord.ENDED, null, 5_000);
    await(egress.putJob(ended));
    assertEquals(ended, await(egress.job("j1")));
    assertFalse(ended.active());
    assertEquals(5_000, ended.endedAt());
    assertEquals(
        List.of("j2", "j3", "j1"),
        await(egress.jobs(10)).stream().map(EgressJobRecord::jobId).toList());
    assertEquals(
        List.of("j2"), await(egress.jobs(1)).stream().map(EgressJobRecord::jobId).toList());
  }

  @Test
  void safeNamesAreFileNamesAndDistinct() {
    assertEquals("alice-cam_1", EgressJobRecord.safeName("alice-cam_1"));
    String odd = EgressJobRecord.safeName("a/../b");
    assertTrue(odd.matches("x[0-9a-f]+"), odd);
    assertFalse(odd.equals(EgressJobRecord.safeName("a/../c")));
  }
}
