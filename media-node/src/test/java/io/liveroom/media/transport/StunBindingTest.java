package io.liveroom.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The ICE-TCP path's STUN checks against the RFC 5769 test vectors. */
class StunBindingTest {
  /** RFC 5769 2.1, sample request (short-term credentials). */
  static final byte[] SAMPLE_REQUEST =
      hex(
          """
      00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
      80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
      00 24 00 04 6e 00 01 ff 80 29 00 08 93 2f f9 b1 51 26 3b 36
      00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
      00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
      80 28 00 04 e5 7a 3b cf""");

  static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

  static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replaceAll("\\s+", ""));
  }

  @Test
  void readsAndVerifiesTheRfc5769SampleRequest() {
    StunBinding.Request request =
        StunBinding.parseRequest(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);
    assertNotNull(request);
    assertEquals("evtj:h6vY", request.username());
    assertEquals("evtj", request.localUfrag());
    assertFalse(request.useCandidate());
    assertTrue(StunBinding.verify(SAMPLE_REQUEST, 0, request, PASSWORD));
    assertFalse(StunBinding.verify(SAMPLE_REQUEST, 0, request, PASSWORD + "x"));
    byte[] tampered = SAMPLE_REQUEST.clone();
    tampered[30] ^= 1; // inside SOFTWARE, covered by the integrity
    assertFalse(
        StunBinding.verify(
            tampered, 0, StunBinding.parseRequest(tampered, 0, tampered.length), PASSWORD));
  }

  @Test
  void notABindingRequest() {
    byte[] response = SAMPLE_REQUEST.clone();
    response[1] = 0x11; // a Binding indication
    assertNull(StunBinding.parseRequest(response, 0, response.length));
    assertNull(StunBinding.parseRequest(new byte[] {(byte) 0x80, 0, 0, 0}, 0, 4));
    assertFalse(
        StunBinding.isStun(
            new byte[] {(byte) 0x80, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
            0,
            20));
    byte[] truncated = java.util.Arrays.copyOf(SAMPLE_REQUEST, 60);
    assertNull(StunBinding.parseRequest(truncated, 0, truncated.length));
  }

  @Test
  void theSuccessResponseCarriesTheMappedAddressIntegrityAndFingerprint() throws Exception {
    StunBinding.Request request =
        StunBinding.parseRequest(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);
    InetSocketAddress source = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
    byte[] m = StunBinding.successResponse(request, source, PASSWORD);
    assertEquals(0x0101, StunBinding.readShort(m, 0));
    assertEquals(m.length - 20, StunBinding.readShort(m, 2));
    assertArrayEquals(
        java.util.Arrays.copyOfRange(SAMPLE_REQUEST, 4, 20),
        java.util.Arrays.copyOfRange(m, 4, 20));
    // XOR-MAPPED-ADDRESS exactly as in RFC 5769 2.2 (192.0.2.1:32853)
    assertArrayEquals(
        hex("00 20 00 08 00 01 a1 47 e1 12 a6 43"), java.util.Arrays.copyOfRange(m, 20, 32));
    // MESSAGE-INTEGRITY over the message up to it, length counting it
    assertEquals(StunBinding.MESSAGE_INTEGRITY, StunBinding.readShort(m, 32));
    byte[] signed = java.util.Arrays.copyOf(m, 32);
    StunBinding.writeShort(signed, 2, 32 + 24 - 20);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(PASSWORD.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    assertArrayEquals(mac.doFinal(signed), java.util.Arrays.copyOfRange(m, 36, 56));
    // FINGERPRINT: CRC-32 of everything before it, xor 0x5354554e
    assertEquals(StunBinding.FINGERPRINT, StunBinding.readShort(m, 56));
    CRC32 crc = new CRC32();
    crc.update(m, 0, 56);
    assertEquals((int) crc.getValue() ^ 0x5354554e, StunBinding.readInt(m, 60));
  }
}
