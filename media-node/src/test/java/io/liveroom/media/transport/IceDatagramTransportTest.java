package io.liveroom.media.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceDatagramTransportTest {
  @Test
  void aRecordIceCannotSendYetIsDroppedLikeALostDatagramNotAFailedHandshake() throws Exception {
    List<byte[]> sent = new ArrayList<>();
    boolean[] pairReady = {false};
    IceDatagramTransport transport =
        new IceDatagramTransport(
            (buf, off, len) -> {
              if (!pairReady[0]) {
                throw new IOException("No valid pair.");
              }
              sent.add(Arrays.copyOfRange(buf, off, off + len));
            });
    byte[] flight = {22, (byte) 0xfe, (byte) 0xfd, 1, 2, 3};
    transport.send(flight, 0, flight.length); // must not throw: DTLS retransmits the flight
    assertEquals(1, transport.dropped());
    assertEquals(List.of(), sent);
    pairReady[0] = true;
    transport.send(flight, 1, 4);
    assertEquals(1, sent.size());
    assertArrayEquals(new byte[] {(byte) 0xfe, (byte) 0xfd, 1, 2}, sent.get(0));
    transport.close();
    assertThrows(IOException.class, () -> transport.send(flight, 0, flight.length));
  }
}
