package io.liveroom.media.sdp;

import io.liveroom.media.sdp.SessionDescription.Codec;
import io.liveroom.media.sdp.SessionDescription.Extmap;
import io.liveroom.media.sdp.SessionDescription.Media;
import io.liveroom.media.sdp.SessionDescription.Source;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses what the SFU accepts from an offer: Opus audio; VP8 or H264 (packetization-mode=1) video
 * with its RTX, simulcast (rid) layers and transport-cc; only the header extensions the SFU
 * handles. A player gets the codec and extensions its publisher negotiated, with the player's own
 * payload types and ids.
 */
public final class Negotiator {
  public static final String EXT_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
  public static final String EXT_ABS_SEND_TIME =
      "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  public static final String EXT_VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
  public static final String EXT_TRANSPORT_CC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
  public static final String EXT_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
  public static final String EXT_RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
  public static final String EXT_REPAIRED_RID =
      "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

  /** Simulcast layers received at most (best first). */
  public static final int MAX_LAYERS = 3;

  private static final List<String> AUDIO_EXTENSIONS = List.of(EXT_AUDIO_LEVEL, EXT_TRANSPORT_CC);
  private static final List<String> VIDEO_EXTENSIONS =
      List.of(EXT_ABS_SEND_TIME, EXT_VIDEO_ORIENTATION, EXT_TRANSPORT_CC);
  private static final List<String> SIMULCAST_EXTENSIONS =
      List.of(EXT_MID, EXT_RID, EXT_REPAIRED_RID);

  /** Forwarded to players as the publisher sent them (transport-cc is re-stamped by the node). */
  private static final List<String> PLAYER_EXTENSIONS =
      List.of(EXT_AUDIO_LEVEL, EXT_ABS_SEND_TIME, EXT_VIDEO_ORIENTATION, EXT_TRANSPORT_CC);

  private static final String PROTOCOL = "UDP/TLS/RTP/SAVPF";

  private Negotiator() {}

  /** Accepts every sending audio/video m-line of a publisher's offer. */
  public static List<NegotiatedMedia> forPublish(SessionDescription offer, String streamId) {
    List<NegotiatedMedia> out = new ArrayList<>();
    for (Media m : offer.media()) {
      Optional<Codec> codec = usable(m) && m.sends() ? chooseCodec(m) : Optional.empty();
      if (codec.isEmpty()) {
        out.add(NegotiatedMedia.rejected(m));
        continue;
      }
      List<String> rids =
          m.kind().equals("video") && m.sendRids().size() > 1 && m.extmap(EXT_RID).isPresent()
              ? m.sendRids().subList(0, Math.min(MAX_LAYERS, m.sendRids().size()))
              : List.of();
      List<String> wanted =
          new ArrayList<>(m.kind().equals("audio") ? AUDIO_EXTENSIONS : VIDEO_EXTENSIONS);
      if (!rids.isEmpty()) {
        wanted.addAll(SIMULCAST_EXTENSIONS);
      }
      List<Extmap> ext = m.extmaps().stream().filter(e -> wanted.contains(e.uri())).toList();
      Source first = m.sources().isEmpty() ? null : m.sources().get(0);
      String[] msid = msid(m, first, streamId, out.size());
      Codec c = codec.get();
      int rtx = m.isVideoKind() ? rtxFor(m, c.payloadType()) : -1;
      Map<Long, Long> rtxSsrcs = new LinkedHashMap<>();
      List<Long> ssrcs = m.primarySsrcs();
      if (!rids.isEmpty()) {
        // layers arrive on sources named only by their rid: players see one source the node chooses
        long out1 = randomSsrc();
        ssrcs = List.of(out1);
        if (rtx >= 0) {
          rtxSsrcs.put(randomSsrc(), out1);
        }
      } else if (rtx >= 0) {
        for (List<Long> g : m.fidGroups()) {
          if (g.size() == 2) {
            rtxSsrcs.put(g.get(1), g.get(0));
          }
        }
      }
      boolean twcc =
          ext.stream().anyMatch(e -> e.uri().equals(EXT_TRANSPORT_CC))
              && c.feedback().contains("transport-cc");
      out.add(
          new NegotiatedMedia(
              m.kind(),
              m.mid(),
              true,
              "recvonly",
              c,
              ext,
              ssrcs,
              msid[0],
              msid[1],
              first != null && first.cname() != null ? first.cname() : anyCname(offer),
              m.rtcpRsize(),
              m.protocol() + " " + c.payloadType(),
              null,
              rtx,
              Map.copyOf(rtxSsrcs),
              List.copyOf(rids),
              twcc));
    }
    requireOneAccepted(out);
    return List.copyOf(out);
  }

  /**
   * Gives the i-th receiving audio (video) m-line of a player's offer the publisher's i-th audio
   * (video) track, if the player offered the same codec.
   */
  public static List<NegotiatedMedia> forPlay(
      SessionDescription offer, List<NegotiatedMedia> published, String streamId) {
    List<NegotiatedMedia> audio =
        published.stream().filter(t -> t.accepted() && t.isAudio()).toList();
    List<NegotiatedMedia> video =
        published.stream().filter(t -> t.accepted() && t.isVideo()).toList();
    int audioIndex = 0;
    int videoIndex = 0;
    List<NegotiatedMedia> out = new ArrayList<>();
    for (Media m : offer.media()) {
      NegotiatedMedia source = null;
      if (usable(m) && m.receives() && m.kind().equals("audio") && audioIndex < audio.size()) {
        source = audio.get(audioIndex++);
      } else if (usable(m)
          && m.receives()
          && m.kind().equals("video")
          && videoIndex < video.size()) {
        source = video.get(videoIndex++);
      }
      Optional<Codec> codec = source == null ? Optional.empty() : matching(m, source.codec());
      if (codec.isEmpty()) {
        out.add(NegotiatedMedia.rejected(m));
        continue;
      }
      List<Extmap> ext = new ArrayList<>();
      for (Extmap e : source.extmaps()) {
        if (PLAYER_EXTENSIONS.contains(e.uri())) {
          m.extmap(e.uri()).ifPresent(ext::add);
        }
      }
      // the publisher's fmtp describes the stream actually sent; the player's payload type is used
      Codec c = codec.get();
      Codec answerCodec =
          new Codec(
              c.payloadType(),
              c.name(),
              c.clockRate(),
              c.channels(),
              source.codec().fmtp(),
              c.feedback());
      // the node stamps its own transport-wide sequence numbers on the publisher's transport-cc
      // element
      boolean twcc =
          source.transportCc()
              && c.feedback().contains("transport-cc")
              && ext.stream().anyMatch(e -> e.uri().equals(EXT_TRANSPORT_CC));
      if (!twcc) {
        ext.removeIf(e -> e.uri().equals(EXT_TRANSPORT_CC));
      }
      int rtx =
          source.rtxPayloadType() >= 0 && !c.feedback().isEmpty() ? rtxFor(m, c.payloadType()) : -1;
      Map<Long, Long> rtxSsrcs = rtx < 0 ? Map.of() : outputRtx(source);
      out.add(
          new NegotiatedMedia(
              m.kind(),
              m.mid(),
              true,
              "sendonly",
              answerCodec,
              List.copyOf(ext),
              source.ssrcs(),
              msidToken(streamId),
              source.msidTrack(),
              source.cname(),
              m.rtcpRsize(),
              m.protocol() + " " + c.payloadType(),
              source.mid(),
              rtxSsrcs.isEmpty() ? -1 : rtx,
              rtxSsrcs,
              List.of(),
              twcc));
    }
    requireOneAccepted(out);
    return List.copyOf(out);
  }

  /**
   * A simulcast m-line names no sources: its players get the cname of the offer's other sources
   * (lip sync).
   */
  private static String anyCname(SessionDescription offer) {
    return offer.media().stream()
        .flatMap(x -> x.sources().stream())
        .map(Source::cname)
        .filter(c -> c != null && !c.isBlank())
        .findFirst()
        .orElse("liveroom");
  }

  /** The offer's RTX payload type for {@code payloadType} ({@code apt=}), or -1. */
  static int rtxFor(Media m, int payloadType) {
    return m.codecs().stream()
        .filter(
            c -> c.is("rtx") && c.fmtpParam("apt").orElse("").equals(String.valueOf(payloadType)))
        .mapToInt(Codec::payloadType)
        .findFirst()
        .orElse(-1);
  }

  /** The RTX source the node sends a player for each primary source of {@code source}. */
  private static Map<Long, Long> outputRtx(NegotiatedMedia source) {
    Map<Long, Long> out = new LinkedHashMap<>();
    source
        .rtxSsrcs()
        .forEach(
            (rtx, primary) -> {
              if (source.ssrcs().contains(primary)) {
                out.put(rtx, primary);
              }
            });
    return Map.copyOf(out);
  }

  private static long randomSsrc() {
    return ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
  }

  private static boolean usable(Media m) {
    return m.port() != 0
        && m.protocol().toUpperCase(Locale.ROOT).contains("SAVPF")
        && (m.kind().equals("audio") || m.kind().equals("video"));
  }

  static Optional<Codec> chooseCodec(Media m) {
    if (m.kind().equals("audio")) {
      return m.codecs().stream().filter(c -> c.is("opus") && c.clockRate() == 48000).findFirst();
    }
    Optional<Codec> vp8 = m.codecs().stream().filter(c -> c.is("VP8")).findFirst();
    if (vp8.isPresent()) {
      return vp8;
    }
    List<Codec> h264 =
        m.codecs().stream()
            .filter(c -> c.is("H264"))
            .filter(c -> c.fmtpParam("packetization-mode").orElse("0").equals("1"))
            .toList();
    return h264.stream()
        .filter(c -> c.fmtpParam("profile-level-id").orElse("").equalsIgnoreCase("42e01f"))
        .findFirst()
        .or(
            () ->
                h264.stream()
                    .filter(c -> c.fmtpParam("profile-level-id").orElse("").startsWith("42"))
                    .findFirst())
        .or(() -> h264.stream().findFirst());
  }

  private static Optional<Codec> matching(Media m, Codec published) {
    return m.codecs().stream()
        .filter(c -> c.is(published.name()) && c.clockRate() == published.clockRate())
        .filter(c -> !published.is("H264") || sameH264(c, published))
        .findFirst();
  }

  private static boolean sameH264(Codec a, Codec b) {
    String pa = a.fmtpParam("profile-level-id").orElse("42001f").toLowerCase(Locale.ROOT);
    String pb = b.fmtpParam("profile-level-id").orElse("42001f").toLowerCase(Locale.ROOT);
    // profile_idc and constraint flags must agree; the level may differ
    return a.fmtpParam("packetization-mode").orElse("0").equals("1")
        && pa.length() == 6
        && pb.length() == 6
        && pa.substring(0, 4).equals(pb.substring(0, 4));
  }

  private static String[] msid(Media m, Source first, String streamId, int index) {
    String value = m.msid() != null ? m.msid() : first != null ? first.msid() : null;
    if (value != null) {
      String[] parts = value.trim().split("\\s+");
      if (parts.length == 2) {
        return parts;
      }
    }
    return new String[] {msidToken(streamId), m.kind() + index};
  }

  /** msid ids are 1-64 token characters. */
  static String msidToken(String s) {
    String t = s.replaceAll("[^A-Za-z0-9_.\\-]", "-");
    return t.isEmpty() ? "stream" : t.length() > 64 ? t.substring(0, 64) : t;
  }

  private static void requireOneAccepted(List<NegotiatedMedia> out) {
    if (out.stream().noneMatch(NegotiatedMedia::accepted)) {
      throw new SdpException(
          "no m-line with a supported codec (" + PROTOCOL + ", opus / VP8 / H264 mode 1)");
    }
  }
}
