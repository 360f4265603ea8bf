package io.liveroom.bench;

import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SRTP floor of {@link FloorProbe}: AES-128-GCM (RFC 7714) sealing of one RTP payload per
 * packet with the JDK's provider, a fresh 12-byte IV per packet (the packet index in it, as SRTP
 * does), the 12-byte RTP header as associated data, {@code keys} senders' keys in turn (a server
 * seals for many players).
 */
final class SrtpSeal {
  private final Cipher[] ciphers;
  private final SecretKeySpec[] keys;
  private final byte[] packet;
  private final byte[] out;
  private long index; // the packet index in the IV: never repeats for a key

  SrtpSeal(int keys, int payload) throws GeneralSecurityException {
    Random random = new Random(7);
    this.ciphers = new Cipher[keys];
    this.keys = new SecretKeySpec[keys];
    for (int i = 0; i < keys; i++) {
      byte[] k = new byte[16];
      random.nextBytes(k);
      this.keys[i] = new SecretKeySpec(k, "AES");
      ciphers[i] = Cipher.getInstance("AES/GCM/NoPadding");
    }
    packet = new byte[12 + payload];
    packet[0] = (byte) 0x80;
    packet[1] = 96;
    random.nextBytes(packet);
    out = new byte[packet.length + 16];
  }

  JsonObject run(double warmUpSeconds, double seconds) throws GeneralSecurityException {
    seal((long) (warmUpSeconds * 1e9));
    var threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long sealed = seal((long) (seconds * 1e9));
    double wall = (System.nanoTime() - start) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    return new JsonObject()
        .put("unit", "packets")
        .put("sent", sealed)
        .put("perSecond", sealed / wall)
        .put("cpuSeconds", cpu)
        .put("perCpuSecond", sealed / cpu)
        .put(
            "delivery",
            String.format("(%d-byte payloads, %d keys)", packet.length - 12, keys.length));
  }

  /** Seals packets until {@code nanos} passed; returns how many. */
  private long seal(long nanos) throws GeneralSecurityException {
    byte[] iv = new byte[12];
    long end = System.nanoTime() + nanos;
    long n = 0;
    while ((n & 1023) != 0 || System.nanoTime() < end) {
      long i = index++;
      int k = (int) (i % ciphers.length);
      iv[7] = (byte) (i >>> 32);
      iv[8] = (byte) (i >>> 24);
      iv[9] = (byte) (i >>> 16);
      iv[10] = (byte) (i >>> 8);
      iv[11] = (byte) i;
      ciphers[k].init(Cipher.ENCRYPT_MODE, keys[k], new GCMParameterSpec(128, iv));
      ciphers[k].updateAAD(packet, 0, 12);
      ciphers[k].doFinal(packet, 12, packet.length - 12, out, 12);
      n++;
    }
    return n;
  }
}
