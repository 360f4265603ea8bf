package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.contracts.EventPayload.EgressEnded;
import io.liveroom.infra.contracts.EventPayload.EgressFailed;
import io.liveroom.infra.contracts.EventPayload.EgressStarted;
import io.liveroom.infra.contracts.LiveEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Egress jobs in the event log: started, then ended or failed, in the job's room, read back from
 * the wire form.
 */
class EgressEventsTest {
  private final MemoryEventLog log = new MemoryEventLog(100, 60_000, System::currentTimeMillis);
  private final EgressEvents events = new EgressEvents(log);

  private static EgressJobRecord job(String id, String state, String error) {
    return new EgressJobRecord(
        id,
        "record",
        "cam",
        "room-1",
        "egress-1",
        "media-1",
        state,
        "/out/cam.webm",
        "/out/cam.json",
        "VP8/opus",
        error,
        1L,
        2L,
        3L,
        0);
  }

  private List<LiveEvent> read() throws Exception {
    return log
        .read(0, 100, "room-1")
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS)
        .events()
        .stream()
        .map(e -> LiveEvent.fromJson(e.toJsonString()))
        .toList();
  }

  @Test
  void aJobStartsThenEndsOrFails() throws Exception {
    events
        .started(job("j1", EgressJobRecord.RUNNING, null))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    events
        .finished(job("j1", EgressJobRecord.ENDED, null))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    events
        .finished(job("j2", EgressJobRecord.FAILED, "ffmpeg exited 1"))
        .toCompletionStage()
        .toCompletableFuture()
        .get();
    List<LiveEvent> all = read();
    assertEquals(
        List.of("egress.started", "egress.ended", "egress.failed"),
        all.stream().map(LiveEvent::type).toList());
    assertEquals(new EgressStarted("j1", "record", "cam", "/out/cam.webm"), all.get(0).payload());
    assertEquals(
        new EgressEnded("j1", "record", "cam", "/out/cam.webm", "/out/cam.json"),
        all.get(1).payload());
    assertEquals(
        new EgressFailed("j2", "record", "cam", "/out/cam.webm", "ffmpeg exited 1"),
        all.get(2).payload());
    assertEquals("room-1", all.get(2).roomID());
  }
}
