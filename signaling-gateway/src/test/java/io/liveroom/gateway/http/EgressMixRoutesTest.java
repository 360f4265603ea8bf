package io.liveroom.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.EgressMixStart;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ZEGO's mixer task as the gateway reads it: fields, defaults, and every malformed or hostile field
 * refused with INVALID_FIELD before any stream is located.
 */
class EgressMixRoutesTest {
  private final EgressMixRoutes routes = new EgressMixRoutes(null, null, null, 3);

  private static JsonObject input(String stream) {
    return new JsonObject()
        .put("streamID", stream)
        .put(
            "layout",
            new JsonObject().put("top", 0).put("left", 0).put("bottom", 180).put("right", 320));
  }

  private static JsonObject task() {
    return new JsonObject()
        .put("taskID", "task-1")
        .put(
            "inputList",
            new JsonArray().add(input("a")).add(input("b").put("contentType", "AUDIO")))
        .put("outputList", new JsonArray().add(new JsonObject().put("target", "rtmp://h/live/x")))
        .put("outputConfig", new JsonObject().put("outputWidth", 1280).put("outputBitrate", 2000));
  }

  @Test
  void aTaskIsReadWithZegosFieldsAndDefaults() {
    EgressMixStart q = routes.parse(task(), "room-1");
    assertEquals("task-1", q.taskId());
    assertEquals("room-1", q.roomId());
    assertTrue(q.jobId().startsWith("mx-"), q.jobId());
    assertEquals(List.of("rtmp://h/live/x"), q.urls());
    assertEquals(2, q.inputs().size());
    assertEquals("VIDEO", q.inputs().get(0).contentType());
    assertEquals("AUDIO", q.inputs().get(1).contentType());
    assertEquals(320, q.inputs().get(0).right());
    assertEquals(1280, q.width());
    assertEquals(360, q.height());
    assertEquals(15, q.fps());
    assertEquals(2000, q.videoKbps());
    assertEquals(48, q.audioKbps());
    q.validate(3);
    // a rectangle past the canvas's right edge, and an odd canvas width
    JsonObject outside = task();
    outside.getJsonArray("inputList").getJsonObject(0).getJsonObject("layout").put("right", 1281);
    ServiceException e =
        assertThrows(ServiceException.class, () -> routes.parse(outside, "r").validate(3));
    assertEquals(ErrorCode.INVALID_FIELD, e.code());
    assertTrue(e.getMessage().contains("inside the 1280x360 canvas"), e.getMessage());
    JsonObject odd = task().put("outputConfig", new JsonObject().put("outputWidth", 641));
    assertThrows(ServiceException.class, () -> routes.parse(odd, "r").validate(3));
  }

  @Test
  void badOrHostileTasksAreRefusedWithInvalidField() {
    List<JsonObject> bad =
        List.of(
            task().put("taskID", "a b"),
            task().put("taskID", 7),
            task().put("inputList", new JsonArray()),
            task().put("inputList", "a,b"),
            task()
                .put(
                    "inputList",
                    new JsonArray()
                        .add(input("a"))
                        .add(input("b"))
                        .add(input("c"))
                        .add(input("d"))),
            task().put("inputList", new JsonArray().add(input("a\u0000; rm -rf /"))),
            task().put("inputList", new JsonArray().add(input("a").put("contentType", 3))),
            task().put("inputList", new JsonArray().add(new JsonObject().put("streamID", "a"))),
            task()
                .put(
                    "inputList",
                    new JsonArray()
                        .add(
                            input("a")
                                .put(
                                    "layout",
                                    new JsonObject()
                                        .put("top", "0")
                                        .put("left", 0)
                                        .put("bottom", 1)
                                        .put("right", 1)))),
            task()
                .put(
                    "inputList",
                    new JsonArray()
                        .add(
                            input("a")
                                .put(
                                    "layout",
                                    new JsonObject()
                                        .put("top", 0.5)
                                        .put("left", 0)
                                        .put("bottom", 10)
                                        .put("right", 10)))),
            task().put("outputList", new JsonArray()),
            task()
                .put("outputList", new JsonArray().add(new JsonObject().put("target", "bob-mix"))),
            task()
                .put(
                    "outputList",
                    new JsonArray()
                        .add(new JsonObject().put("target", "rtmp://h/x|[f=mp4]/tmp/evil.mp4"))),
            task().put("outputConfig", new JsonObject().put("outputWidth", "640")),
            task().put("outputConfig", new JsonObject().put("outputFPS", 1e12)));
    for (JsonObject t : bad) {
      ServiceException e =
          assertThrows(ServiceException.class, () -> routes.parse(t, "room-1"), t::encode);
      assertEquals(ErrorCode.INVALID_FIELD, e.code(), t::encode);
    }
  }
}
