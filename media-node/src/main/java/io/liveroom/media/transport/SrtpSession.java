package io.liveroom.media.transport;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP/SRTCP for one DTLS association (RFC 5764): one context factory per direction, contexts per
 * SSRC. Methods transform a {@link PacketBuffer} in place and return false on failure.
 */
public final class SrtpSession implements AutoCloseable {
  /** RFC 5764 / RFC 7714 protection profile ids. */
  public static final int AES128_CM_HMAC_SHA1_80 = 0x0001;

  public static final int AEAD_AES_128_GCM = 0x0007;

  private static final LoggerImpl LOG = new LoggerImpl(SrtpSession.class.getName());

  static {
    // jitsi-srtp otherwise benchmarks every AES implementation on first use (seconds, per mode)
    Aes.setFactoryClassName(
        System.getProperty(
            "liveroom.srtp.aesFactory", "org.jitsi.srtp.crypto.Aes$OpenSSLCipherFactory"));
  }

  private final SrtpContextFactory encryptFactory;
  private final SrtpContextFactory decryptFactory;
  private final Map<Integer, SrtpCryptoContext> rtpOut = new HashMap<>();
  private final Map<Integer, SrtpCryptoContext> rtpIn = new HashMap<>();
  private final Map<Integer, SrtcpCryptoContext> rtcpOut = new HashMap<>();
  private final Map<Integer, SrtcpCryptoContext> rtcpIn = new HashMap<>();
  private final int profile;

  /**
   * The first outgoing RTP sources and their contexts: a player gets a few sources (audio, video,
   * RTX), so a short scan finds the context without the map (and boxing the SSRC).
   */
  private final int[] outSsrcs = new int[4];

  private final SrtpCryptoContext[] outContexts = new SrtpCryptoContext[4];

  /** Key/salt lengths of a profile, in bytes. */
  public static int keyLength(int profile) {
    return 16;
  }

  public static int saltLength(int profile) {
    return profile == AEAD_AES_128_GCM ? 12 : 14;
  }

  /** {@code keyingMaterial} = client key | server key | client salt | server salt. */
  public SrtpSession(int profile, byte[] keyingMaterial, boolean dtlsServer) {
    this.profile = profile;
    int k = keyLength(profile);
    int s = saltLength(profile);
    byte[] clientKey = slice(keyingMaterial, 0, k);
    byte[] serverKey = slice(keyingMaterial, k, k);
    byte[] clientSalt = slice(keyingMaterial, 2 * k, s);
    byte[] serverSalt = slice(keyingMaterial, 2 * k + s, s);
    SrtpPolicy rtp = policy(profile, false);
    SrtpPolicy rtcp = policy(profile, true);
    SrtpContextFactory client =
        new SrtpContextFactory(!dtlsServer, clientKey, clientSalt, rtp, rtcp, LOG);
    SrtpContextFactory server =
        new SrtpContextFactory(dtlsServer, serverKey, serverSalt, rtp, rtcp, LOG);
    encryptFactory = dtlsServer ? server : client;
    decryptFactory = dtlsServer ? client : server;
  }

  private static SrtpPolicy policy(int profile, boolean rtcp) {
    SrtpPolicy p =
        switch (profile) {
          case AEAD_AES_128_GCM ->
              new SrtpPolicy(
                  SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12);
          case AES128_CM_HMAC_SHA1_80 ->
              new SrtpPolicy(
                  SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
          default -> throw new IllegalArgumentException("unsupported SRTP profile " + profile);
        };
    if (!rtcp) {
      p.setSendReplayEnabled(false); // NACK retransmissions re-encrypt an already sent index
    }
    return p;
  }

  /** Initializes the ciphers of both profiles once, so the first peer does not pay for it. */
  public static void warmUp() {
    for (int profile : new int[] {AEAD_AES_128_GCM, AES128_CM_HMAC_SHA1_80}) {
      byte[] keys = new byte[2 * (keyLength(profile) + saltLength(profile))];
      try (SrtpSession sender = new SrtpSession(profile, keys, true);
          SrtpSession receiver = new SrtpSession(profile, keys, false)) {
        PacketBuffer p = new PacketBuffer();
        p.copyFrom(new byte[] {(byte) 0x80, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 7, 1, 2, 3, 4}, 0, 16);
        sender.encryptRtp(p);
        receiver.decryptRtp(p);
        p.copyFrom(new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 7}, 0, 8);
        sender.encryptRtcp(p);
        receiver.decryptRtcp(p);
      }
    }
  }

  public int profile() {
    return profile;
  }

  public synchronized boolean encryptRtp(PacketBuffer p) {
    try {
      int ssrc = readInt(p, 8);
      SrtpCryptoContext c = null;
      for (int i = 0; i < outContexts.length && outContexts[i] != null; i++) {
        if (outSsrcs[i] == ssrc) {
          c = outContexts[i];
          break;
        }
      }
      if (c == null) {
        c = rtpOut.get(ssrc);
        if (c == null) {
          c = encryptFactory.deriveContext(ssrc, 0);
          rtpOut.put(ssrc, c);
          for (int i = 0; i < outContexts.length; i++) {
            if (outContexts[i] == null) {
              outContexts[i] = c;
              outSsrcs[i] = ssrc;
              break;
            }
          }
        }
      }
      return c.transformPacket(p) == SrtpErrorStatus.OK;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public synchronized boolean decryptRtp(PacketBuffer p) {
    try {
      int ssrc = readInt(p, 8);
      SrtpCryptoContext c = rtpIn.get(ssrc);
      boolean fresh = c == null;
      if (fresh) {
        c = decryptFactory.deriveContext(ssrc, 0);
      }
      boolean ok = c.reverseTransformPacket(p, false) == SrtpErrorStatus.OK;
      if (ok && fresh && rtpIn.size() < 64) {
        rtpIn.put(ssrc, c);
      }
      return ok;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public synchronized boolean encryptRtcp(PacketBuffer p) {
    try {
      int ssrc = readInt(p, 4);
      SrtcpCryptoContext c = rtcpOut.get(ssrc);
      if (c == null) {
        c = encryptFactory.deriveControlContext(ssrc);
        rtcpOut.put(ssrc, c);
      }
      return c.transformPacket(p) == SrtpErrorStatus.OK;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  public synchronized boolean decryptRtcp(PacketBuffer p) {
    try {
      int ssrc = readInt(p, 4);
      SrtcpCryptoContext c = rtcpIn.get(ssrc);
      boolean fresh = c == null;
      if (fresh) {
        c = decryptFactory.deriveControlContext(ssrc);
      }
      boolean ok = c.reverseTransformPacket(p) == SrtpErrorStatus.OK;
      if (ok && fresh && rtcpIn.size() < 64) {
        rtcpIn.put(ssrc, c);
      }
      return ok;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    encryptFactory.close();
    decryptFactory.close();
  }

  private static int readInt(PacketBuffer p, int pos) {
    byte[] b = p.getBuffer();
    int o = p.getOffset() + pos;
    return ((b[o] & 0xFF) << 24)
        | ((b[o + 1] & 0xFF) << 16)
        | ((b[o + 2] & 0xFF) << 8)
        | (b[o + 3] & 0xFF);
  }

  private static byte[] slice(byte[] src, int off, int len) {
    byte[] out = new byte[len];
    System.arraycopy(src, off, out, 0, len);
    return out;
  }
}
