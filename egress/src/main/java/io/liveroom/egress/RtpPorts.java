package io.liveroom.egress;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds four consecutive free UDP ports starting at an even one: video RTP/RTCP and audio RTP/RTCP
 * for ffmpeg's RTP input (it binds port and port + 1 for each stream).
 */
final class RtpPorts {
  private RtpPorts() {}

  static int reserve(String host) throws IOException {
    InetAddress address = InetAddress.getByName(host);
    for (int attempt = 0; attempt < 50; attempt++) {
      int base;
      try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
        base = probe.getLocalPort() & ~1;
      }
      if (base < 1024 || base > 65532) {
        continue;
      }
      List<DatagramSocket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          held.add(new DatagramSocket(new InetSocketAddress(address, base + i)));
        }
        return base;
      } catch (SocketException taken) {
        // try another base
      } finally {
        held.forEach(DatagramSocket::close);
      }
    }
    throw new IOException("no four consecutive free UDP ports on " + host);
  }
}
