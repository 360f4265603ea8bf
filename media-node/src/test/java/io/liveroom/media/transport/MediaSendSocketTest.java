package io.liveroom.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both kinds of send socket against real UDP receivers on loopback: every datagram of a batch
 * arrives whole, from the socket's port, at its own target, in order per target; batches larger
 * than one {@code sendmmsg(2)} call, single sends, and a target of the wrong family.
 */
class MediaSendSocketTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void everyDatagramOfABatchReachesItsTargetWhole(boolean batched) throws Exception {
    if (batched) {
      assumeTrue(
          MediaSendSocket.batchingUnavailable() == null,
          "no sendmmsg here: " + MediaSendSocket.batchingUnavailable());
    }
    List<DatagramSocket> receivers = new ArrayList<>();
    try (MediaSendSocket socket = MediaSendSocket.bind(LOOPBACK, 0, batched)) {
      assertEquals(batched, socket.batched());
      assertNotEquals(0, socket.port());
      for (int r = 0; r < 3; r++) {
        DatagramSocket d = new DatagramSocket(0, LOOPBACK);
        d.setReceiveBufferSize(1 << 20);
        d.setSoTimeout(5_000);
        receivers.add(d);
      }
      // 300 datagrams round-robin over 3 receivers: more than one call's 128, sizes 1..1500
      int count = 300;
      ByteBuffer all = ByteBuffer.allocateDirect(count * 1536);
      ByteBuffer[] datagrams = new ByteBuffer[count];
      InetSocketAddress[] targets = new InetSocketAddress[count];
      for (int i = 0; i < count; i++) {
        all.limit((i + 1) * 1536).position(i * 1536);
        ByteBuffer slot = all.slice();
        int len = 1 + (i * 37) % 1500;
        for (int k = 0; k < len; k++) {
          slot.put((byte) (i + k));
        }
        slot.flip();
        datagrams[i] = slot;
        targets[i] = new InetSocketAddress(LOOPBACK, receivers.get(i % 3).getLocalPort());
      }
      assertEquals(count, socket.sendAll(datagrams, targets, count));
      for (int i = 0; i < count; i++) {
        assertEquals(0, datagrams[i].position(), "positions are left as they were");
      }
      for (int i = 0; i < count; i++) { // each receiver's datagrams come in the order sent
        DatagramSocket d = receivers.get(i % 3);
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        d.receive(p);
        assertEquals(socket.port(), p.getPort(), "sent from the socket's own port");
        int expected = i;
        int len = 1 + (expected * 37) % 1500;
        byte[] want = new byte[len];
        for (int k = 0; k < len; k++) {
          want[k] = (byte) (expected + k);
        }
        byte[] got = new byte[p.getLength()];
        System.arraycopy(p.getData(), 0, got, 0, p.getLength());
        assertArrayEquals(want, got, "datagram " + expected + " at " + d.getLocalPort());
      }
      // one datagram alone, through the same socket
      ByteBuffer single = ByteBuffer.allocateDirect(4).put(new byte[] {9, 8, 7, 6}).flip();
      assertTrue(socket.send(single, targets[0]));
      DatagramPacket p = new DatagramPacket(new byte[16], 16);
      receivers.get(0).receive(p);
      assertEquals(4, p.getLength());
      assertEquals(9, p.getData()[0]);
    } finally {
      receivers.forEach(DatagramSocket::close);
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aTargetOfAnotherFamilyIsDroppedAndTheRestGoes(boolean batched) throws Exception {
    try (MediaSendSocket socket =
            MediaSendSocket.bind(InetAddress.getByName("127.0.0.1"), 0, batched);
        DatagramSocket d = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
      d.setSoTimeout(5_000);
      ByteBuffer a = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
      ByteBuffer b = ByteBuffer.allocateDirect(3).put(new byte[] {4, 5, 6}).flip();
      InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), d.getLocalPort());
      InetSocketAddress ok =
          new InetSocketAddress(InetAddress.getByName("127.0.0.1"), d.getLocalPort());
      int sent = socket.sendAll(new ByteBuffer[] {a, b}, new InetSocketAddress[] {v6, ok}, 2);
      assertEquals(1, sent);
      DatagramPacket p = new DatagramPacket(new byte[16], 16);
      d.receive(p);
      assertEquals(4, p.getData()[0], "the IPv4 target's datagram arrives");
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aClosedSocketSendsNothing(boolean batched) throws Exception {
    MediaSendSocket socket = MediaSendSocket.bind(LOOPBACK, 0, batched);
    socket.close();
    ByteBuffer a = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
    assertEquals(
        0,
        socket.sendAll(
            new ByteBuffer[] {a}, new InetSocketAddress[] {new InetSocketAddress(LOOPBACK, 9)}, 1));
  }
}
