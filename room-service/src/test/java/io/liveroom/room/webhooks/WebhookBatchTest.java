package io.liveroom.room.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.LiveEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WebhookBatchTest {
  private static List<LiveEvent> events(int n, int valueChars) {
    return LongStream.rangeClosed(1, n)
        .mapToObj(
            i ->
                LiveEvent.draft(
                        "r",
                        5,
                        new EventPayload.RoomExtraInfo("k", "x".repeat(valueChars), "u", "U"))
                    .withSeq(100 + i))
        .toList();
  }

  @Test
  void aBatchIsAJsonObjectOfEventsInOrderCappedByCount() {
    WebhookBatch batch = WebhookBatch.of(events(10, 3), 4);
    JsonArray sent = new JsonObject(batch.body()).getJsonArray("events");
    assertEquals(4, sent.size());
    assertEquals(104, batch.lastSeq());
    for (int i = 0; i < 4; i++) {
      JsonObject e = sent.getJsonObject(i);
      assertEquals(101 + i, e.getLong("seq"));
      assertEquals("room.extraInfo", e.getString("type"));
      assertEquals("r", e.getString("roomID"));
      assertEquals("xxx", e.getString("value"));
    }
  }

  @Test
  void aBatchStaysUnderTheByteCapButAlwaysCarriesOneEvent() {
    WebhookBatch batch = WebhookBatch.of(events(10, 300_000), 100);
    assertTrue(batch.body().length() <= WebhookBatch.MAX_BYTES, "" + batch.body().length());
    assertEquals(3, batch.events().size());
    assertEquals(1, WebhookBatch.of(events(2, WebhookBatch.MAX_BYTES), 100).events().size());
    assertThrows(IllegalArgumentException.class, () -> WebhookBatch.of(List.of(), 10));
  }
}
