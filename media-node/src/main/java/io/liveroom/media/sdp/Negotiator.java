package io.liveroom.media.sdp;

import io.liveroom.media.sdp.SessionDescription.Codec;
import io.liveroom.media.sdp.SessionDescription.Extmap;
import io.liveroom.media.sdp.SessionDescription.Media;
import io.liveroom.media.sdp.SessionDescription.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses what the SFU accepts from an offer: Opus audio; VP8 or H264 (packetization-mode=1)
 * video, no RTX, no simulcast; only the header extensions the SFU handles. A player gets the codec
 * and extensions its publisher negotiated, with the player's own payload types and ids.
 */
public final class Negotiator {
  public static final String EXT_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
  public static final String EXT_ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  public static final String EXT_VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
  private static final List<String> AUDIO_EXTENSIONS = List.of(EXT_AUDIO_LEVEL);
  private static final List<String> VIDEO_EXTENSIONS = List.of(EXT_ABS_SEND_TIME, EXT_VIDEO_ORIENTATION);
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
      List<String> wanted = m.kind().equals("audio") ? AUDIO_EXTENSIONS : VIDEO_EXTENSIONS;
      List<Extmap> ext = m.extmaps().stream().filter(e -> wanted.contains(e.uri())).toList();
      Source first = m.sources().isEmpty() ? null : m.sources().get(0);
      String[] msid = msid(m, first, streamId, out.size());
      out.add(new NegotiatedMedia(m.kind(), m.mid(), true, "recvonly", codec.get(), ext, m.primarySsrcs(), msid[0],
          msid[1], first == null || first.cname() == null ? "liveroom" : first.cname(), m.rtcpRsize(),
          m.protocol() + " " + codec.get().payloadType(), null));
    }
    requireOneAccepted(out);
    return List.copyOf(out);
  }

  /**
   * Gives the i-th receiving audio (video) m-line of a player's offer the publisher's i-th audio
   * (video) track, if the player offered the same codec.
   */
  public static List<NegotiatedMedia> forPlay(SessionDescription offer, List<NegotiatedMedia> published,
      String streamId) {
    List<NegotiatedMedia> audio = published.stream().filter(t -> t.accepted() && t.isAudio()).toList();
    List<NegotiatedMedia> video = published.stream().filter(t -> t.accepted() && t.isVideo()).toList();
    int audioIndex = 0;
    int videoIndex = 0;
    List<NegotiatedMedia> out = new ArrayList<>();
    for (Media m : offer.media()) {
      NegotiatedMedia source = null;
      if (usable(m) && m.receives() && m.kind().equals("audio") && audioIndex < audio.size()) {
        source = audio.get(audioIndex++);
      } else if (usable(m) && m.receives() && m.kind().equals("video") && videoIndex < video.size()) {
        source = video.get(videoIndex++);
      }
      Optional<Codec> codec = source == null ? Optional.empty() : matching(m, source.codec());
      if (codec.isEmpty()) {
        out.add(NegotiatedMedia.rejected(m));
        continue;
      }
      List<Extmap> ext = new ArrayList<>();
      for (Extmap e : source.extmaps()) {
        m.extmap(e.uri()).ifPresent(ext::add);
      }
      // the publisher's fmtp describes the stream actually sent; the player's payload type is used
      Codec c = codec.get();
      Codec answerCodec = new Codec(c.payloadType(), c.name(), c.clockRate(), c.channels(), source.codec().fmtp(),
          c.feedback());
      out.add(new NegotiatedMedia(m.kind(), m.mid(), true, "sendonly", answerCodec, List.copyOf(ext), source.ssrcs(),
          msidToken(streamId), source.msidTrack(), source.cname(), m.rtcpRsize(), m.protocol() + " " + c.payloadType(),
          source.mid()));
    }
    requireOneAccepted(out);
    return List.copyOf(out);
  }

  private static boolean usable(Media m) {
    return m.port() != 0 && m.protocol().toUpperCase(Locale.ROOT).contains("SAVPF")
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
    List<Codec> h264 = m.codecs().stream().filter(c -> c.is("H264"))
        .filter(c -> c.fmtpParam("packetization-mode").orElse("0").equals("1")).toList();
    return h264.stream().filter(c -> c.fmtpParam("profile-level-id").orElse("").equalsIgnoreCase("42e01f"))
        .findFirst()
        .or(() -> h264.stream().filter(c -> c.fmtpParam("profile-level-id").orElse("").startsWith("42")).findFirst())
        .or(() -> h264.stream().findFirst());
  }

  private static Optional<Codec> matching(Media m, Codec published) {
    return m.codecs().stream().filter(c -> c.is(published.name()) && c.clockRate() == published.clockRate())
        .filter(c -> !published.is("H264") || sameH264(c, published))
        .findFirst();
  }

  private static boolean sameH264(Codec a, Codec b) {
    String pa = a.fmtpParam("profile-level-id").orElse("42001f").toLowerCase(Locale.ROOT);
    String pb = b.fmtpParam("profile-level-id").orElse("42001f").toLowerCase(Locale.ROOT);
    // profile_idc and constraint flags must agree; the level may differ
    return a.fmtpParam("packetization-mode").orElse("0").equals("1") && pa.length() == 6 && pb.length() == 6
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
      throw new SdpException("no m-line with a supported codec (" + PROTOCOL + ", opus / VP8 / H264 mode 1)");
    }
  }
}
