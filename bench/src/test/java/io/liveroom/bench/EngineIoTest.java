package io.liveroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class EngineIoTest {
  @Test
  void decodesTheOpenHandshake() {
    EngineIo.Packet p =
        EngineIo.decode(
            "0{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}");
    assertEquals(EngineIo.OPEN, p.engineType());
    assertEquals(25000, p.handshake().getInteger("pingInterval"));
    assertEquals("abc", p.handshake().getString("sid"));
  }

  @Test
  void pingAndPong() {
    EngineIo.Packet ping = EngineIo.decode("2");
    assertEquals(EngineIo.PING, ping.engineType());
    assertNull(ping.data());
    assertEquals("3", EngineIo.pong());
    assertEquals("40", EngineIo.connect());
  }

  @Test
  void decodesConnectToTheMainNamespace() {
    EngineIo.Packet p = EngineIo.decode("40{\"sid\":\"xyz\"}");
    assertEquals(EngineIo.MESSAGE, p.engineType());
    assertEquals(EngineIo.CONNECT, p.socketType());
    assertEquals("/", p.namespace());
    assertEquals(-1, p.ackId());
    assertEquals("{\"sid\":\"xyz\"}", p.data());
  }

  @Test
  void encodesEventsWithAndWithoutAck() {
    JsonObject arg = new JsonObject().put("roomID", "r1").put("message", "hi");
    assertEquals(
        "42[\"barrage\",{\"roomID\":\"r1\",\"message\":\"hi\"}]",
        EngineIo.event("barrage", arg, -1));
    assertEquals(
        "4217[\"join\",{\"roomID\":\"r1\",\"message\":\"hi\"}]", EngineIo.event("join", arg, 17));
    assertEquals("435[\"x\"]", EngineIo.ack(5, "x"));
  }

  @Test
  void roundTripsAnEventWithAck() {
    EngineIo.Packet p =
        EngineIo.decode(EngineIo.event("join", new JsonObject().put("roomID", "r"), 123));
    assertEquals(EngineIo.EVENT, p.socketType());
    assertEquals(123, p.ackId());
    assertEquals("join", p.event());
    assertEquals("r", ((JsonObject) p.firstArg()).getString("roomID"));
  }

  @Test
  void decodesAnAckAndANamespace() {
    EngineIo.Packet ack = EngineIo.decode("431[{\"ok\":true,\"count\":3}]");
    assertEquals(EngineIo.ACK, ack.socketType());
    assertEquals(1, ack.ackId());
    assertEquals(3, ((JsonObject) ack.firstArg()).getInteger("count"));

    EngineIo.Packet nsp = EngineIo.decode("42/admin,9[\"evt\",1]");
    assertEquals("/admin", nsp.namespace());
    assertEquals(9, nsp.ackId());
    assertEquals("evt", nsp.event());
    assertEquals(1, nsp.firstArg());
  }

  @Test
  void rejectsGarbage() {
    assertThrows(IllegalArgumentException.class, () -> EngineIo.decode(""));
    assertThrows(IllegalArgumentException.class, () -> EngineIo.decode("9"));
    assertThrows(IllegalArgumentException.class, () -> EngineIo.decode("4"));
    assertThrows(IllegalArgumentException.class, () -> EngineIo.decode("4x"));
  }
}
