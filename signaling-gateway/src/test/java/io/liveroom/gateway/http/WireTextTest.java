package io.liveroom.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.gateway.ws.WebSocketFrames;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.text.HostileText;
import io.liveroom.infra.text.Unicode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Whatever text reaches the gateway's encoders (from a store, the bus, an older node), the bytes it
 * writes are valid UTF-8 and, for JSON, valid JSON: random text with lone high and low surrogates,
 * pairs and 1-4 byte characters, at sizes on both sides of the fragmentation boundary, is framed by
 * {@link WebSocketFrames#textFrame} (which the shared barrage frame uses too), the frames are
 * parsed, the payload decoded with a strict UTF-8 decoder and parsed as JSON; close reasons and
 * HTTP responses likewise.
 */
class WireTextTest {
  private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

  @Test
  void textFramesAreStrictUtf8AndValidJsonWhateverTheText() {
    Random random = new Random(21);
    for (int round = 0; round < 3_000; round++) {
      String name = HostileText.random(random, random.nextInt(30));
      String value = name;
      if (round % 50
          == 0) { // pad so that the payload ends around, on, or past the 65,535-byte frame limit
        int pad =
            WebSocketFrames.MAX_FRAME_PAYLOAD
                - 40
                + random.nextInt(80)
                + (round % 100 == 0 ? 65_535 : 0);
        value = "p".repeat(pad) + value;
      }
      String json =
          new JsonObject()
              .put("event", "roomExtraInfoUpdate")
              .put("value", value)
              .put(name, 1)
              .encode();
      String received = strictText(WebSocketFrames.textFrame(ALLOC, json));
      JsonObject parsed = new JsonObject(received);
      String expected = Unicode.wellFormed(value);
      assertTrue(
          expected.equals(parsed.getString("value")),
          "unpaired surrogates become U+FFFD, nothing else changes");
      assertTrue(parsed.containsKey(Unicode.wellFormed(name)), "names too");
    }
  }

  @Test
  void theIssuesStringIsWrittenWithAReplacementCharacterNotALoneByte() {
    ByteBuf frame = WebSocketFrames.textFrame(ALLOC, HostileText.LONE_HIGH);
    assertEquals("x\uFFFD\u00e9y", strictText(frame));
  }

  @Test
  void validTextIsWrittenUnchanged() {
    String text = "{\"message\":\"h\u00e9 \u4e16\u754c \ud83d\ude00\"}";
    assertEquals(text, strictText(WebSocketFrames.textFrame(ALLOC, text)));
  }

  @Test
  void closeReasonsAreStrictUtf8AndFitAControlFrame() {
    Random random = new Random(6);
    for (int round = 0; round < 2_000; round++) {
      String reason = HostileText.random(random, random.nextInt(200));
      ByteBuf frame = WebSocketFrames.closeFrame(ALLOC, 4000, reason);
      try {
        assertEquals(0x88, frame.readUnsignedByte(), "FIN + close");
        int length = frame.readUnsignedByte();
        assertTrue(length <= 125, "a control frame's payload is at most 125 bytes");
        assertEquals(4000, frame.readUnsignedShort());
        byte[] text = new byte[length - 2];
        frame.readBytes(text);
        String decoded = Unicode.decodeStrict(text);
        assertNotNull(
            decoded, () -> "close reason not valid UTF-8 for " + reason.chars().boxed().toList());
        assertTrue(
            Unicode.wellFormed(reason).startsWith(decoded), "the reason is cut, not changed");
      } finally {
        frame.release();
      }
    }
  }

  @Test
  void requestUrisMustBeUtf8OncePercentDecoded() {
    assertTrue(HttpText.validUtf8Uri("/v1/rooms/lobby?limit=10"));
    assertTrue(HttpText.validUtf8Uri("/dev/token?userID=%C3%A9&roomID=%F0%9F%98%80"));
    assertTrue(HttpText.validUtf8Uri("/v1/rooms/100%"), "a stray % is no escape");
    assertFalse(HttpText.validUtf8Uri("/dev/token?userID=x%E9y"), "a lone lead byte");
    assertFalse(HttpText.validUtf8Uri("/whip/%ED%A0%BD"), "an encoded surrogate");
    assertFalse(HttpText.validUtf8Uri("/v1/rooms/\u00ff"), "a raw invalid byte");
  }

  /**
   * HTTP responses (admin API, WHIP/WHEP, dev tokens) quoting an unpaired surrogate are strict
   * UTF-8 too.
   */
  @Test
  void httpJsonResponsesAreStrictUtf8WhateverTheyQuote() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      router
          .get("/ok")
          .handler(ctx -> HttpText.json(ctx, new JsonObject().put("v", HostileText.LONE_HIGH)));
      router
          .get("/error")
          .handler(
              ctx -> AdminApi.fail(ctx, ErrorCode.INVALID_FIELD.exception(HostileText.LONE_HIGH)));
      router
          .get("/sdp")
          .handler(ctx -> HttpText.end(ctx.response(), "v=0 " + HostileText.LONE_HIGH));
      int port =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(0, "127.0.0.1")
              .await(10, TimeUnit.SECONDS)
              .actualPort();
      HttpClient http = HttpClient.newHttpClient();
      for (String path : List.of("/ok", "/error", "/sdp")) {
        HttpResponse<byte[]> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String text = Unicode.decodeStrict(r.body());
        assertNotNull(text, path + ": not valid UTF-8");
        assertTrue(text.contains("x\uFFFD\u00e9y"), path + ": " + text);
        if (!path.equals("/sdp")) {
          assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
          new JsonObject(text);
        }
      }
      assertEquals(
          400,
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/error")).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /**
   * Parses server frames (unmasked, FIN on the last), checks the opcodes and sizes, decodes the
   * payload strictly.
   */
  static String strictText(ByteBuf wire) {
    try {
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      boolean first = true;
      while (true) {
        int b0 = wire.readUnsignedByte();
        assertEquals(first ? 0x1 : 0x0, b0 & 0x0F, "text, then continuations");
        int length = wire.readUnsignedByte();
        assertEquals(0, length & 0x80, "server frames are not masked");
        if (length == 126) {
          length = wire.readUnsignedShort();
          assertTrue(length > 125, "the shortest length encoding");
        } else {
          assertTrue(length <= 125, "no 64-bit lengths: fragments are at most 65,535 bytes");
        }
        byte[] bytes = new byte[length];
        wire.readBytes(bytes);
        payload.writeBytes(bytes);
        first = false;
        if ((b0 & 0x80) != 0) {
          assertFalse(wire.isReadable(), "nothing after the final frame");
          break;
        }
        assertEquals(
            WebSocketFrames.MAX_FRAME_PAYLOAD, length, "every fragment but the last is full");
      }
      String text = Unicode.decodeStrict(payload.toByteArray());
      assertNotNull(text, "the payload is not valid UTF-8");
      return text;
    } finally {
      wire.release();
    }
  }
}
