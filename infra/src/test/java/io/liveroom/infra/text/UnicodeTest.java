package io.liveroom.infra.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.ServiceException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UnicodeTest {
  /** Strict encoding: null when Java refuses (an unpaired surrogate), instead of writing '?'. */
  private static byte[] strictUtf8(String s) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer out = encoder.encode(CharBuffer.wrap(s));
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  @Test
  void lengthValidityAndRepairAgreeWithAStrictEncoderOnRandomText() {
    Random random = new Random(7);
    for (int round = 0; round < 20_000; round++) {
      String s = HostileText.random(random, random.nextInt(40));
      byte[] strict = strictUtf8(s);
      assertEquals(strict == null ? -1 : strict.length, Unicode.utf8Length(s), s::toString);
      assertEquals(strict == null, !Unicode.isValid(s));
      String repaired = Unicode.wellFormed(s);
      assertEquals(s.length(), repaired.length(), "one U+FFFD per unpaired surrogate");
      byte[] bytes = strictUtf8(repaired);
      assertNotNull(bytes, "repaired text encodes strictly");
      assertEquals(repaired, Unicode.decodeStrict(Unicode.utf8(s)));
      if (strict != null) {
        assertSame(s, repaired, "valid text is returned as is, no copy");
      }
    }
  }

  @Test
  void theIssuesStringIsInvalidAndRepairedWithReplacementCharacters() {
    String s = HostileText.LONE_HIGH;
    assertEquals(-1, Unicode.utf8Length(s));
    assertEquals(1, Unicode.unpairedSurrogate(s));
    assertEquals("x\uFFFD\u00e9y", Unicode.wellFormed(s));
    assertEquals("78 ef bf bd c3 a9 79", hex(Unicode.utf8(s)));
    assertEquals(-1, Unicode.utf8Length("\udc00\ud800"), "a low before a high is no pair");
    assertEquals(4, Unicode.utf8Length("\ud83d\ude00"));
    assertEquals(-1, Unicode.utf8Length("a\ud83d"), "a high at the end");
  }

  @Test
  void strictDecodingRefusesInvalidUtf8() {
    assertEquals("é", Unicode.decodeStrict(new byte[] {(byte) 0xC3, (byte) 0xA9}));
    assertNull(
        Unicode.decodeStrict(new byte[] {'x', (byte) 0xE9, 'y'}),
        "a lone continuation-less lead byte");
    assertNull(
        Unicode.decodeStrict(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
        "an encoded surrogate");
    assertNull(Unicode.decodeStrict(new byte[] {(byte) 0xC0, (byte) 0xAF}), "an overlong form");
  }

  @Test
  void everyStringOfAJsonTreeIsCheckedAndTheFieldPathNamed() {
    String bad = "x\ud83dy";
    record Case(Object json, String path) {}
    List<Case> cases =
        List.of(
            new Case(new JsonObject().put("value", bad), "value:"),
            new Case(new JsonObject().put(bad, 1), "a field name:"),
            new Case(
                new JsonObject().put("user", new JsonObject().put("userName", bad)),
                "user.userName:"),
            new Case(
                new JsonObject()
                    .put("payload", new JsonObject().put("c", new JsonArray().add(1).add(bad))),
                "payload.c[1]:"),
            new Case(
                new JsonObject()
                    .put("payload", new JsonArray().add(new JsonObject().put(bad, "v"))),
                "a field name in payload[0]:"),
            new Case(new JsonObject().put("raw", Map.of("k", List.of("ok", bad))), "raw.k[1]:"),
            new Case(bad, "value:"));
    for (Case c : cases) {
      assertEquals(c.path(), Unicode.invalidPath(c.json(), ""), c.json()::toString);
      ServiceException e =
          assertThrows(ServiceException.class, () -> Unicode.requireValid(c.json(), ""));
      assertEquals(ErrorCode.INVALID_FIELD, e.code());
      assertEquals(c.path() + " not valid Unicode text (unpaired surrogate)", e.getMessage());
    }
    JsonObject fine =
        new JsonObject()
            .put("a", "\ud83d\ude00 é")
            .put("n", 1.5)
            .put("b", true)
            .putNull("z")
            .put("l", new JsonArray().add(new JsonObject().put("\ud83d\ude00", "ok")));
    assertNull(Unicode.invalidPath(fine, ""));
    String longName = "n".repeat(63) + "\ud83d\ude00" + "m".repeat(10);
    assertEquals(
        "n".repeat(63) + "...:",
        Unicode.invalidPath(new JsonObject().put(longName, bad), ""),
        "a long field name is cut before a pair, never inside it");
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", b));
    }
    return s.toString();
  }
}
