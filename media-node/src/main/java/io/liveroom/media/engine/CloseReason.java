package io.liveroom.media.engine;

import io.liveroom.infra.contracts.ErrorCode;

/** Why a peer ended. */
public enum CloseReason {
  /** The control plane stopped it. */
  STOPPED,
  /** The stream's publisher went away; its players end with it. */
  PUBLISHER_GONE,
  /** ICE failed. */
  ICE_FAILED,
  /** ICE + DTLS did not complete within {@code connectTimeoutMs}. */
  CONNECT_TIMEOUT,
  /** No media and no ICE consent within {@code peerTimeoutMs}. */
  CONSENT_EXPIRED,
  /** The DTLS handshake failed (e.g. fingerprint mismatch) or the peer closed DTLS. */
  DTLS_FAILED,
  /** The engine shut down. */
  SHUTDOWN;

  /** The error code for NO_PUBLISH / NO_PLAY events, or null for an orderly stop. */
  public ErrorCode errorCode() {
    return switch (this) {
      case STOPPED -> null;
      case PUBLISHER_GONE -> ErrorCode.MEDIA_PUBLISHER_GONE;
      case ICE_FAILED -> ErrorCode.MEDIA_ICE_FAILED;
      case CONNECT_TIMEOUT -> ErrorCode.MEDIA_CONNECT_TIMEOUT;
      case CONSENT_EXPIRED -> ErrorCode.MEDIA_CONSENT_EXPIRED;
      case DTLS_FAILED -> ErrorCode.MEDIA_DTLS_FAILED;
      case SHUTDOWN -> ErrorCode.SHUTTING_DOWN;
    };
  }
}
