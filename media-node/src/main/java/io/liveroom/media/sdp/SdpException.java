package io.liveroom.media.sdp;

/** An offer the SFU cannot parse or cannot answer; the message says why. */
public final class SdpException extends RuntimeException {
  public SdpException(String message) {
    super(message);
  }
}
