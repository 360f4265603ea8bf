package io.liveroom.media.sdp;

import io.liveroom.media.sdp.SessionDescription.Extmap;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the SFU's answer: BUNDLE over the accepted mids, rtcp-mux, setup:passive (the SFU is the
 * DTLS server), the offer's mids in order and the offer's payload types, host candidates.
 */
public final class SdpAnswer {
  /** What the answer says about the SFU's own transport. */
  public record LocalTransport(
      String iceUfrag,
      String icePwd,
      String fingerprintSha256,
      List<InetSocketAddress> candidates) {}

  private SdpAnswer() {}

  public static String build(LocalTransport local, List<NegotiatedMedia> media) {
    StringBuilder sb = new StringBuilder(2048);
    long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    line(sb, "v=0");
    line(sb, "o=liveroom " + sessionId + " 2 IN IP4 127.0.0.1");
    line(sb, "s=-");
    line(sb, "t=0 0");
    StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
    media.stream()
        .filter(NegotiatedMedia::accepted)
        .forEach(m -> bundle.append(' ').append(m.mid()));
    line(sb, bundle.toString());
    line(sb, "a=msid-semantic: WMS *");
    InetSocketAddress first = local.candidates().isEmpty() ? null : local.candidates().get(0);
    for (NegotiatedMedia m : media) {
      if (!m.accepted()) {
        line(sb, "m=" + m.kind() + " 0 " + m.offeredFormat());
        line(sb, "c=IN IP4 0.0.0.0");
        if (m.mid() != null) {
          line(sb, "a=mid:" + m.mid());
        }
        line(sb, "a=inactive");
        continue;
      }
      int port = first == null ? 9 : first.getPort();
      String ip = first == null ? "0.0.0.0" : first.getAddress().getHostAddress();
      line(
          sb,
          "m="
              + m.kind()
              + " "
              + port
              + " UDP/TLS/RTP/SAVPF "
              + m.codec().payloadType()
              + (m.rtxPayloadType() >= 0 ? " " + m.rtxPayloadType() : ""));
      line(sb, "c=IN " + (ip.contains(":") ? "IP6 " : "IP4 ") + ip);
      line(sb, "a=rtcp:" + port + " IN " + (ip.contains(":") ? "IP6 " : "IP4 ") + ip);
      line(sb, "a=ice-ufrag:" + local.iceUfrag());
      line(sb, "a=ice-pwd:" + local.icePwd());
      line(sb, "a=fingerprint:sha-256 " + local.fingerprintSha256());
      line(sb, "a=setup:passive");
      line(sb, "a=mid:" + m.mid());
      for (Extmap e : m.extmaps()) {
        line(sb, "a=extmap:" + e.id() + " " + e.uri());
      }
      line(sb, "a=" + m.direction());
      if (m.direction().equals("sendonly") && m.msidStream() != null) {
        line(sb, "a=msid:" + m.msidStream() + " " + m.msidTrack());
      }
      line(sb, "a=rtcp-mux");
      if (m.rtcpRsize()) {
        line(sb, "a=rtcp-rsize");
      }
      var c = m.codec();
      line(
          sb,
          "a=rtpmap:"
              + c.payloadType()
              + " "
              + c.name()
              + "/"
              + c.clockRate()
              + (c.channels() > 1 ? "/" + c.channels() : ""));
      for (String fb : feedback(m)) {
        line(sb, "a=rtcp-fb:" + c.payloadType() + " " + fb);
      }
      if (!c.fmtp().isEmpty()) {
        line(sb, "a=fmtp:" + c.payloadType() + " " + c.fmtp());
      }
      if (m.rtxPayloadType() >= 0) {
        line(sb, "a=rtpmap:" + m.rtxPayloadType() + " rtx/" + c.clockRate());
        line(sb, "a=fmtp:" + m.rtxPayloadType() + " apt=" + c.payloadType());
      }
      if (!m.rids().isEmpty()) {
        for (String rid : m.rids()) {
          line(sb, "a=rid:" + rid + " recv");
        }
        line(sb, "a=simulcast:recv " + String.join(";", m.rids()));
      }
      if (m.direction().equals("sendonly")) {
        for (long ssrc : m.ssrcs()) {
          Long rtx =
              m.rtxSsrcs().entrySet().stream()
                  .filter(e -> e.getValue() == ssrc)
                  .map(Map.Entry::getKey)
                  .findFirst()
                  .orElse(null);
          if (rtx != null) {
            line(sb, "a=ssrc-group:FID " + ssrc + " " + rtx);
          }
          for (long s : rtx == null ? List.of(ssrc) : List.of(ssrc, rtx)) {
            line(sb, "a=ssrc:" + s + " cname:" + m.cname());
            line(sb, "a=ssrc:" + s + " msid:" + m.msidStream() + " " + m.msidTrack());
          }
        }
      }
      int foundation = 1;
      for (InetSocketAddress candidate : local.candidates()) {
        long priority = (126L << 24) | ((65535L - foundation) << 8) | 255;
        line(
            sb,
            "a=candidate:"
                + foundation++
                + " 1 udp "
                + priority
                + " "
                + candidate.getAddress().getHostAddress()
                + " "
                + candidate.getPort()
                + " typ host generation 0");
      }
      line(sb, "a=end-of-candidates");
    }
    return sb.toString();
  }

  /**
   * Feedback the SFU handles. transport-cc where negotiated (publisher: the node sends the
   * feedback; player: the player does); REMB only towards publishers without transport-cc.
   */
  private static List<String> feedback(NegotiatedMedia m) {
    if (!m.isVideo()) {
      return m.transportCc() ? List.of("transport-cc") : List.of();
    }
    boolean publisher = m.direction().equals("recvonly");
    List<String> offered = m.codec().feedback();
    return List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli").stream()
        .filter(offered::contains)
        .filter(fb -> !fb.equals("goog-remb") || publisher && !m.transportCc())
        .filter(fb -> !fb.equals("transport-cc") || m.transportCc())
        .toList();
  }

  private static void line(StringBuilder sb, String line) {
    sb.append(line).append("\r\n");
  }
}
