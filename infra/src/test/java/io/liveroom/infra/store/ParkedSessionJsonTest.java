package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.liveroom.infra.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A parked session as the Redis session store writes it: the server-set privilege survives, old
 * entries read.
 */
class ParkedSessionJsonTest {
  @Test
  void serverPublishRoundTripsAndIsNullInEntriesWrittenWithoutIt() {
    ParkedSession parked =
        new ParkedSession(
            "s1",
            "rt",
            "gw",
            List.of(
                new ParkedSession.Seat(
                    "r",
                    "u",
                    "U",
                    true,
                    "tok",
                    List.of("cam"),
                    "live",
                    Map.of("cam", "x"),
                    Boolean.TRUE)),
            42);
    assertEquals(parked, Json.fromString(Json.toString(parked), ParkedSession.class));
    String old = Json.toString(parked).replace(",\"serverPublish\":true", "");
    ParkedSession read = Json.fromString(old, ParkedSession.class);
    assertNull(read.seats().get(0).serverPublish(), old);
    assertEquals("cam", read.seats().get(0).streams().get(0));
  }
}
