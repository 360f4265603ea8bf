package io.liveroom.egress;

import io.liveroom.infra.contracts.MediaTapInfo;

/** The SDP file that tells ffmpeg what plain RTP arrives on which local ports. */
final class RtpSdp {
  private RtpSdp() {}

  static String describe(MediaTapInfo tap, String host, int videoPort, int audioPort) {
    String ip = host.contains(":") ? "IP6" : "IP4";
    StringBuilder sdp =
        new StringBuilder()
            .append("v=0\r\n")
            .append("o=- 0 0 IN ")
            .append(ip)
            .append(' ')
            .append(host)
            .append("\r\n")
            .append("s=liveroom egress\r\n")
            .append("c=IN ")
            .append(ip)
            .append(' ')
            .append(host)
            .append("\r\n")
            .append("t=0 0\r\n");
    if (tap.videoCodec() != null) {
      media(
          sdp,
          "video",
          videoPort,
          tap.videoPayloadType(),
          tap.videoCodec(),
          tap.videoClockRate(),
          null);
      if (tap.videoFmtp() != null && !tap.videoFmtp().isBlank()) {
        sdp.append("a=fmtp:")
            .append(tap.videoPayloadType())
            .append(' ')
            .append(tap.videoFmtp())
            .append("\r\n");
      }
    }
    if (tap.audioCodec() != null) {
      media(
          sdp,
          "audio",
          audioPort,
          tap.audioPayloadType(),
          tap.audioCodec(),
          tap.audioClockRate(),
          tap.audioChannels() > 1 ? tap.audioChannels() : null);
    }
    return sdp.toString();
  }

  /**
   * An m= line and its rtpmap; {@code channels}, when not null, after the clock rate (RFC 4566
   * encoding parameters).
   */
  private static void media(
      StringBuilder sdp,
      String kind,
      int port,
      int payloadType,
      String codec,
      int clockRate,
      Integer channels) {
    sdp.append("m=")
        .append(kind)
        .append(' ')
        .append(port)
        .append(" RTP/AVP ")
        .append(payloadType)
        .append("\r\n")
        .append("a=rtpmap:")
        .append(payloadType)
        .append(' ')
        .append(codec)
        .append('/')
        .append(clockRate);
    if (channels != null) {
      sdp.append('/').append(channels);
    }
    sdp.append("\r\n");
  }
}
