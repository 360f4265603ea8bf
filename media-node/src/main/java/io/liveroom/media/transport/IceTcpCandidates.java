package io.liveroom.media.transport;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Adds the node's passive ICE-TCP host candidates (RFC 6544 4.5) to an answer's candidate lists.
 */
public final class IceTcpCandidates {
  private static final String END = "a=end-of-candidates\r\n";

  private IceTcpCandidates() {}

  /**
   * {@code answer} with one {@code tcptype passive} candidate per address on {@code tcpPort} before
   * each {@code a=end-of-candidates}; priorities below the UDP candidates' so clients prefer UDP.
   */
  public static String addTo(String answer, List<InetSocketAddress> addresses, int tcpPort) {
    StringBuilder lines = new StringBuilder();
    int foundation = 100;
    for (InetSocketAddress a : addresses) {
      // type preference 90 (below UDP host's 126), direction preference 2 (passive, RFC 6544 4.2)
      long priority = (90L << 24) | ((2L << 13 | (8191 - (foundation - 100))) << 8) | 255;
      lines
          .append("a=candidate:")
          .append(foundation++)
          .append(" 1 tcp ")
          .append(priority)
          .append(' ')
          .append(a.getAddress().getHostAddress())
          .append(' ')
          .append(tcpPort)
          .append(" typ host tcptype passive generation 0\r\n");
    }
    return answer.replace(END, lines + END);
  }
}
