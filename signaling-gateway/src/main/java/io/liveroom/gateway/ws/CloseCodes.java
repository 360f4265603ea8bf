package io.liveroom.gateway.ws;

/**
 * Every WebSocket close code the gateway sends to a client (RFC 6455 7.4 and the 4000 private
 * range).
 */
public final class CloseCodes {
  /** The node goes away (RFC 6455 1001). */
  public static final short GOING_AWAY = 1001;

  /** A frame or reassembled message over twice {@code gateway.maxFrameBytes} (RFC 6455 1009). */
  public static final short TOO_BIG = 1009;

  /** A connection silent past the heartbeat timeout. */
  public static final short HEARTBEAT_TIMEOUT = 4000;

  /** A connection that kept flooding past its rate limit. */
  public static final short ABUSE = 4029;

  private CloseCodes() {}
}
