package io.liveroom.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ice4j.util.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The passive ICE-TCP candidate over 127.0.0.1 with a plain socket as the client (RFC 4571
 * framing).
 */
@Timeout(20)
class IceTcpServerTest {
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<IceTcpConnection> connections = new LinkedBlockingQueue<>();

  private final IceTcpServer.Endpoint endpoint =
      new IceTcpServer.Endpoint() {
        @Override
        public String password() {
          return StunBindingTest.PASSWORD;
        }

        @Override
        public void onTcpCheck(IceTcpConnection connection, boolean useCandidate) {
          events.add("check");
          connections.add(connection);
        }

        @Override
        public void onTcpPacket(IceTcpConnection connection, Buffer buffer) {
          events.add(
              "packet " + new String(buffer.getBuffer(), buffer.getOffset(), buffer.getLength()));
        }

        @Override
        public void onTcpClosed(IceTcpConnection connection) {
          events.add("closed");
        }
      };

  @Test
  void aValidCheckBindsTheConnectionThenMediaFlowsBothWays() throws Exception {
    try (IceTcpServer server = IceTcpServer.start(InetAddress.getLoopbackAddress(), 0);
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      server.register("evtj", endpoint);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      frame(out, StunBindingTest.SAMPLE_REQUEST);
      byte[] response = read(in);
      assertEquals(0x0101, StunBinding.readShort(response, 0), "a Binding success response");
      assertEquals("check", events.poll(5, TimeUnit.SECONDS));
      frame(out, new byte[] {(byte) 0x80, 'h', 'i'});
      assertEquals(
          "packet " + new String(new byte[] {(byte) 0x80, 'h', 'i'}),
          events.poll(5, TimeUnit.SECONDS));
      IceTcpConnection connection = connections.take();
      assertTrue(connection.send(new byte[] {1, 2, 3, 4}, 1, 2));
      assertArrayEquals(new byte[] {2, 3}, read(in));
      server.unregister("evtj");
      assertEquals("closed", events.poll(5, TimeUnit.SECONDS));
      assertEquals(-1, in.read(), "unregistering closes the connection");
    }
  }

  @Test
  void aCheckForAnUnknownUfragOrWithABadIntegrityClosesTheConnection() throws Exception {
    try (IceTcpServer server = IceTcpServer.start(InetAddress.getLoopbackAddress(), 0)) {
      server.register("other", endpoint);
      assertClosedAfter(server, StunBindingTest.SAMPLE_REQUEST);
      server.register(
          "evtj",
          new IceTcpServer.Endpoint() {
            @Override
            public String password() {
              return "wrong password";
            }

            @Override
            public void onTcpCheck(IceTcpConnection connection, boolean useCandidate) {
              events.add("check");
            }

            @Override
            public void onTcpPacket(IceTcpConnection connection, Buffer buffer) {}

            @Override
            public void onTcpClosed(IceTcpConnection connection) {}
          });
      assertClosedAfter(server, StunBindingTest.SAMPLE_REQUEST);
      assertClosedAfter(server, new byte[] {(byte) 0x80, 0, 0, 0}); // media before any check
      assertEquals(null, events.poll(), "no check accepted");
    }
  }

  private static void assertClosedAfter(IceTcpServer server, byte[] first) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      frame(new DataOutputStream(socket.getOutputStream()), first);
      try {
        assertEquals(-1, socket.getInputStream().read());
      } catch (java.net.SocketException reset) {
        // closed with a reset: closed all the same
      }
    }
  }

  private static void frame(DataOutputStream out, byte[] packet) throws Exception {
    out.writeShort(packet.length);
    out.write(packet);
    out.flush();
  }

  private static byte[] read(DataInputStream in) throws Exception {
    int len = in.readUnsignedShort();
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }
}
