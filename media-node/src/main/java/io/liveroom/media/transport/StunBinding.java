package io.liveroom.media.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The little of STUN (RFC 8489) that answering ICE connectivity checks needs (RFC 8445 7.3): read a
 * Binding request, check its short-term MESSAGE-INTEGRITY, build the success response with
 * XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT. Used for the ICE-TCP path, where the node
 * answers checks itself; the UDP path uses ice4j's STUN stack.
 */
public final class StunBinding {
  static final int MAGIC_COOKIE = 0x2112A442;
  static final int BINDING_REQUEST = 0x0001;
  static final int BINDING_SUCCESS = 0x0101;
  static final int USERNAME = 0x0006;
  static final int MESSAGE_INTEGRITY = 0x0008;
  static final int XOR_MAPPED_ADDRESS = 0x0020;
  static final int USE_CANDIDATE = 0x0025;
  static final int FINGERPRINT = 0x8028;
  private static final int FINGERPRINT_XOR = 0x5354554e;

  /** A parsed Binding request: {@code username} is "local-ufrag:remote-ufrag". */
  public record Request(
      byte[] transactionId, String username, boolean useCandidate, int integrityOffset) {
    /** The local ufrag the request is addressed to (before the colon), or null. */
    public String localUfrag() {
      int colon = username == null ? -1 : username.indexOf(':');
      return colon <= 0 ? null : username.substring(0, colon);
    }
  }

  private StunBinding() {}

  /** Whether {@code buf} starts like a STUN message (RFC 7983: first byte 0..3, magic cookie). */
  public static boolean isStun(byte[] buf, int off, int len) {
    return len >= 20 && (buf[off] & 0xC0) == 0 && readInt(buf, off + 4) == MAGIC_COOKIE;
  }

  /**
   * A Binding request, or null when the message is something else (indication, response,
   * malformed).
   */
  public static Request parseRequest(byte[] buf, int off, int len) {
    if (!isStun(buf, off, len) || readShort(buf, off) != BINDING_REQUEST) {
      return null;
    }
    int bodyLength = readShort(buf, off + 2);
    if (20 + bodyLength > len || (bodyLength & 3) != 0) {
      return null;
    }
    byte[] txId = new byte[12];
    System.arraycopy(buf, off + 8, txId, 0, 12);
    String username = null;
    boolean useCandidate = false;
    int integrity = -1;
    int pos = off + 20;
    int end = off + 20 + bodyLength;
    while (pos + 4 <= end) {
      int type = readShort(buf, pos);
      int length = readShort(buf, pos + 2);
      if (pos + 4 + length > end) {
        return null;
      }
      if (integrity < 0) { // attributes after MESSAGE-INTEGRITY (but FINGERPRINT) are ignored
        if (type == USERNAME) {
          username = new String(buf, pos + 4, length, StandardCharsets.UTF_8);
        } else if (type == USE_CANDIDATE) {
          useCandidate = true;
        } else if (type == MESSAGE_INTEGRITY && length == 20) {
          integrity = pos - off;
        }
      }
      pos += 4 + ((length + 3) & ~3);
    }
    return new Request(txId, username, useCandidate, integrity);
  }

  /**
   * Whether the request's MESSAGE-INTEGRITY is the HMAC-SHA1 of it under {@code password} (RFC 8489
   * 14.5).
   */
  public static boolean verify(byte[] buf, int off, Request request, String password) {
    int mi = request.integrityOffset();
    if (mi < 0 || password == null) {
      return false;
    }
    byte[] copy = new byte[mi];
    System.arraycopy(buf, off, copy, 0, mi);
    writeShort(copy, 2, mi + 24 - 20); // length as if MESSAGE-INTEGRITY were the last attribute
    byte[] expected = hmac(password, copy, mi);
    byte[] actual = new byte[20];
    System.arraycopy(buf, off + mi + 4, actual, 0, 20);
    return MessageDigest.isEqual(expected, actual);
  }

  /** The success response to {@code request} from {@code source}, signed with {@code password}. */
  public static byte[] successResponse(Request request, InetSocketAddress source, String password) {
    byte[] address = source.getAddress().getAddress();
    int addressAttr = 4 + 4 + address.length;
    byte[] m = new byte[20 + addressAttr + 24 + 8];
    writeShort(m, 0, BINDING_SUCCESS);
    writeInt(m, 4, MAGIC_COOKIE);
    System.arraycopy(request.transactionId(), 0, m, 8, 12);
    int pos = 20;
    writeShort(m, pos, XOR_MAPPED_ADDRESS);
    writeShort(m, pos + 2, 4 + address.length);
    m[pos + 5] = (byte) (address.length == 4 ? 0x01 : 0x02);
    writeShort(m, pos + 6, source.getPort() ^ (MAGIC_COOKIE >>> 16));
    byte[] mask = new byte[16];
    writeInt(mask, 0, MAGIC_COOKIE);
    System.arraycopy(request.transactionId(), 0, mask, 4, 12);
    for (int i = 0; i < address.length; i++) {
      m[pos + 8 + i] = (byte) (address[i] ^ mask[i]);
    }
    pos += addressAttr;
    writeShort(m, 2, pos + 24 - 20);
    byte[] mac = hmac(password, m, pos);
    writeShort(m, pos, MESSAGE_INTEGRITY);
    writeShort(m, pos + 2, 20);
    System.arraycopy(mac, 0, m, pos + 4, 20);
    pos += 24;
    writeShort(m, 2, pos + 8 - 20);
    CRC32 crc = new CRC32();
    crc.update(m, 0, pos);
    writeShort(m, pos, FINGERPRINT);
    writeShort(m, pos + 2, 4);
    writeInt(m, pos + 4, (int) crc.getValue() ^ FINGERPRINT_XOR);
    return m;
  }

  private static byte[] hmac(String password, byte[] data, int len) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      mac.update(data, 0, len);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  static int readShort(byte[] b, int pos) {
    return ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
  }

  static int readInt(byte[] b, int pos) {
    return (readShort(b, pos) << 16) | readShort(b, pos + 2);
  }

  static void writeShort(byte[] b, int pos, int v) {
    b[pos] = (byte) (v >>> 8);
    b[pos + 1] = (byte) v;
  }

  static void writeInt(byte[] b, int pos, int v) {
    writeShort(b, pos, v >>> 16);
    writeShort(b, pos + 2, v);
  }
}
