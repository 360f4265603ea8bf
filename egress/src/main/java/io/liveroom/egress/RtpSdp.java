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
      sdp.append("m=video ")
          .append(videoPort)
          .append(" RTP/AVP ")
          .append(tap.videoPayloadType())
          .append("\r\n")
          .append("a=rtpmap:")
          .append(tap.videoPayloadType())
          .append(' ')
          .append(tap.videoCodec())
          .append('/')
          .append(tap.videoClockRate())
          .append("\r\n");
      if (tap.videoFmtp() != null && !tap.videoFmtp().isBlank()) {
        sdp.append("a=fmtp:")
            .append(tap.videoPayloadType())
            .append(' ')
            .append(tap.videoFmtp())
            .append("\r\n");
      }
    }
    if (tap.audioCodec() != null) {
      sdp.append("m=audio ")
          .append(audioPort)
          .append(" RTP/AVP ")
          .append(tap.audioPayloadType())
          .append("\r\n")
          .append("a=rtpmap:")
          .append(tap.audioPayloadType())
          .append(' ')
          .append(tap.audioCodec())
          .append('/')
          .append(tap.audioClockRate());
      if (tap.audioChannels() > 1) {
        sdp.append('/').append(tap.audioChannels());
      }
      sdp.append("\r\n");
    }
    return sdp.toString();
  }
}
