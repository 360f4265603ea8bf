package io.liveroom.gateway.ws;

/**
 * What the gateway needs of one client connection: send text, send a shared best-effort frame,
 * close. {@link ClientSocket} is the WebSocket one; tests use a fake that records what was sent.
 * Called on the gateway's event loop.
 */
public interface ClientConnection {
  /** Sends one text message (nothing once the connection is closing). */
  void send(String text);

  /**
   * Sends a frame built once for many connections; false, sending nothing, when the connection
   * cannot keep up (the caller drops best-effort frames for it). A closing connection takes nothing
   * and counts as sent.
   */
  boolean send(SharedTextFrame frame);

  /** Starts closing the connection with this close code ({@link CloseCodes}) and reason. */
  void close(int code, String reason);
}
