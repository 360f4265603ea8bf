package io.liveroom.infra.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EventPayloadTest {
  @Test
  void everyPayloadRecordHasOneWireTypeAndItsTypeSaysIt() {
    assertEquals(
        Set.of(EventPayload.class.getPermittedSubclasses()),
        Set.copyOf(EventPayload.TYPES.values()),
        "every payload record is in EventPayload.TYPES");
    assertEquals("room.created", new EventPayload.RoomCreated().type());
    assertEquals("room.closed", new EventPayload.RoomClosed("empty").type());
    assertEquals(
        "egress.failed", new EventPayload.EgressFailed("j", "record", "s", "o", "boom").type());
    EventPayload.TYPES.forEach(
        (type, record) -> assertEquals(record, EventPayload.typeOf(type), type));
  }
}
