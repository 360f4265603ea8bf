package io.liveroom.gateway.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.net.NetSocketInternal;

/**
 * The opening handshake of a client's WebSocket (RFC 6455 section 4): checks the upgrade request,
 * writes the 101 and puts Netty's frame decoder and aggregator and a {@link ClientSocket} on the
 * upgraded connection's channel in place of Vert.x's HTTP handling.
 */
public final class WebSocketUpgrade {
  private WebSocketUpgrade() {}

  /**
   * Answers a WebSocket upgrade request: 400 when it is not one, 426 for a version other than 13,
   * otherwise 101 and {@code accepted} gets the socket (on the request's context, before any frame
   * is read). {@code maxMessageBytes} bounds a frame and a reassembled message; a larger one closes
   * the connection with 1009. {@code closeTimeoutMs} is how long a close handshake waits for the
   * client's close frame before the TCP connection is closed anyway.
   */
  public static void accept(
      HttpServerRequest request,
      int maxMessageBytes,
      long closeTimeoutMs,
      Handler<ClientSocket> accepted) {
    String key = request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_KEY);
    if (!hasToken(request.getHeader(HttpHeaderNames.UPGRADE), "websocket")
        || !hasToken(request.getHeader(HttpHeaderNames.CONNECTION), "upgrade")
        || key == null
        || key.isBlank()) {
      request.response().setStatusCode(400).end("not a WebSocket upgrade request");
      return;
    }
    if (!"13".equals(request.getHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
      request
          .response()
          .setStatusCode(426)
          .putHeader(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13")
          .end("WebSocket version 13 is required");
      return;
    }
    ContextInternal context = (ContextInternal) Vertx.currentContext();
    request
        .response()
        .headers()
        .set(HttpHeaderNames.UPGRADE, "websocket")
        .set(HttpHeaderNames.CONNECTION, "Upgrade")
        .set(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT, WebSocketFrames.acceptKey(key.trim()));
    // Vert.x writes the 101, drops the HTTP codec and hands over the raw channel; its own socket
    // handler is replaced before the event loop reads again, so no frame bypasses the decoder.
    request
        .toNetSocket()
        .onSuccess(
            net -> {
              ChannelHandlerContext raw = ((NetSocketInternal) net).channelHandlerContext();
              ChannelPipeline pipeline = raw.pipeline();
              ClientSocket socket = new ClientSocket(context, closeTimeoutMs);
              pipeline.replace(
                  raw.handler(),
                  "ws-decoder",
                  new WebSocket13FrameDecoder(
                      WebSocketDecoderConfig.newBuilder()
                          .maxFramePayloadLength(maxMessageBytes)
                          .expectMaskedFrames(true)
                          .allowExtensions(false)
                          .closeOnProtocolViolation(false)
                          .build()));
              pipeline.addAfter(
                  "ws-decoder", "ws-aggregator", new WebSocketFrameAggregator(maxMessageBytes));
              pipeline.addAfter("ws-aggregator", "ws", socket);
              accepted.handle(socket);
            })
        .onFailure(
            e -> {
              if (!request.response().headWritten()) {
                request
                    .response()
                    .setStatusCode(400)
                    .end(e.getMessage() == null ? "WebSocket upgrade failed" : e.getMessage());
              } else {
                request.connection().close();
              }
            });
  }

  /** Whether a comma-separated header value holds {@code token}, ignoring case. */
  private static boolean hasToken(String header, String token) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      if (part.trim().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
