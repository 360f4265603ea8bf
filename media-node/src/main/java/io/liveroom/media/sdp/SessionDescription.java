package io.liveroom.media.sdp;

import java.util.List;
import java.util.Optional;

/**
 * The parts of an SDP offer the SFU uses. ICE credentials and the fingerprint are resolved (media
 * level wins over session level) from the first bundled m-line that carries them.
 */
public record SessionDescription(
    String iceUfrag,
    String icePwd,
    Fingerprint fingerprint,
    String setup,
    List<String> bundleMids,
    List<Media> media) {

  public record Fingerprint(String hashFunction, String value) {}

  /**
   * An ICE candidate line ({@code a=candidate:...}), kept for clients that want to start checks.
   */
  public record Candidate(
      String foundation,
      int component,
      String transport,
      long priority,
      String address,
      int port,
      String type) {}

  /** {@code a=rtpmap} / {@code a=fmtp} / {@code a=rtcp-fb} of one payload type. */
  public record Codec(
      int payloadType,
      String name,
      int clockRate,
      int channels,
      String fmtp,
      List<String> feedback) {
    /** A parameter of the fmtp line ({@code key=value;...}), if present. */
    public Optional<String> fmtpParam(String key) {
      for (String part : fmtp.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(key)) {
          return Optional.of(part.substring(eq + 1).trim());
        }
      }
      return Optional.empty();
    }

    public boolean is(String codecName) {
      return name.equalsIgnoreCase(codecName);
    }
  }

  /** {@code a=extmap:<id> <uri>}. */
  public record Extmap(int id, String uri) {}

  /** One {@code a=ssrc:<ssrc> <attribute>} source with its cname and msid, if given. */
  public record Source(long ssrc, String cname, String msid) {}

  /**
   * One m-line. {@code port == 0} marks a rejected section; {@code formats} is its raw fmt list;
   * {@code sendRids} the simulcast layers it sends ({@code a=simulcast:send}, else {@code a=rid:..
   * send}), in order.
   */
  public record Media(
      String kind,
      int port,
      String protocol,
      String mid,
      String direction,
      List<Codec> codecs,
      List<Extmap> extmaps,
      List<Source> sources,
      List<List<Long>> fidGroups,
      String msid,
      boolean rtcpMux,
      boolean rtcpRsize,
      List<Candidate> candidates,
      String iceUfrag,
      String icePwd,
      List<String> formats,
      List<String> sendRids) {

    /** Primary SSRCs: sources that are not the second member of an FID (RTX) group. */
    public List<Long> primarySsrcs() {
      return sources.stream()
          .map(Source::ssrc)
          .filter(
              ssrc ->
                  fidGroups.stream()
                      .noneMatch(g -> g.size() > 1 && g.subList(1, g.size()).contains(ssrc)))
          .toList();
    }

    public Optional<Extmap> extmap(String uri) {
      return extmaps.stream().filter(e -> e.uri().equals(uri)).findFirst();
    }

    public boolean isVideoKind() {
      return kind.equals("video");
    }

    public boolean sends() {
      return direction.equals("sendrecv") || direction.equals("sendonly");
    }

    public boolean receives() {
      return direction.equals("sendrecv") || direction.equals("recvonly");
    }
  }
}
