package io.liveroom.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.net.impl.ShutdownEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A client's WebSocket ({@code /ws}, RFC 6455), spoken directly on the upgraded HTTP connection's
 * Netty channel ({@link WebSocketUpgrade} puts it there): Netty's frame decoder and aggregator in
 * front, frames written as ready-made bytes.
 *
 * <p>Why not Vert.x's {@code ServerWebSocket}: for its whole life it keeps the upgrade request, its
 * headers, the HTTP connection objects and a 4 KiB outbound queue reachable; a class histogram of a
 * gateway holding 5,000 idle clients showed 8.7 KiB and 188 objects of live heap per connection,
 * which a join storm has to copy out of the young generation (those copies are the GC pauses that
 * set the join storm's p99, docs/benchmarks.md). Here the HTTP objects become garbage right after
 * the 101.
 *
 * <p>Threading: everything runs on the channel's event loop, which is the gateway verticle's;
 * inbound events reach the handlers through the verticle's context ({@code emit}) so that Vert.x
 * calls made from them stay on it. A write from another thread hops onto the event loop.
 *
 * <p>No extension is negotiated (no per-message compression): frames are small JSON, and deflating
 * each one per socket costs more CPU than it saves. Messages longer than {@link
 * WebSocketFrames#MAX_FRAME_PAYLOAD} are sent as continuation frames, since common clients cap a
 * frame at 64 KiB.
 */
public final class ClientSocket extends ChannelInboundHandlerAdapter implements ClientConnection {
  private final ContextInternal context;
  private final long closeTimeoutMs;
  private ChannelHandlerContext ctx;
  private Handler<String> textHandler = text -> {};
  private Handler<Integer> binaryHandler = bytes -> {};
  private Handler<Integer> invalidTextHandler = bytes -> {};
  private Handler<Void> pingHandler = v -> {};
  private Handler<Void> closeHandler = v -> {};
  private boolean closing; // our close frame is out, or the client's arrived
  private boolean closed; // the channel is gone
  private ScheduledFuture<?> closeTimer;

  /** Made by {@link WebSocketUpgrade} once the 101 is out. */
  ClientSocket(ContextInternal context, long closeTimeoutMs) {
    this.context = context;
    this.closeTimeoutMs = closeTimeoutMs;
  }

  public ClientSocket textHandler(Handler<String> handler) {
    this.textHandler = handler;
    return this;
  }

  /** Called with the size of each binary message (not part of the protocol). */
  public ClientSocket binaryHandler(Handler<Integer> handler) {
    this.binaryHandler = handler;
    return this;
  }

  /**
   * Called with the size of each text message that is not valid UTF-8 (RFC 6455 would fail the
   * connection; the protocol answers bad input instead). Only valid text reaches the text handler,
   * so it never sees the U+FFFD a lenient decoder would put in place of the bad bytes.
   */
  public ClientSocket invalidTextHandler(Handler<Integer> handler) {
    this.invalidTextHandler = handler;
    return this;
  }

  /** Called for each ping (answered with a pong already). */
  public ClientSocket pingHandler(Handler<Void> handler) {
    this.pingHandler = handler;
    return this;
  }

  public ClientSocket closeHandler(Handler<Void> handler) {
    this.closeHandler = handler;
    return this;
  }

  @Override
  public void send(String text) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> send(text));
      return;
    }
    if (!closing && !closed) {
      ctx.writeAndFlush(WebSocketFrames.textFrame(ctx.alloc(), text), ctx.voidPromise());
    }
  }

  @Override
  public boolean send(SharedTextFrame frame) {
    return sendShared(frame.wire());
  }

  /**
   * Writes a frame built once for many sockets ({@link SharedTextFrame}); false, writing nothing,
   * when the channel is not writable. Takes its own reference to {@code wire}.
   */
  boolean sendShared(ByteBuf wire) {
    if (closing || closed) {
      return true;
    }
    if (!ctx.channel().isWritable()) {
      return false;
    }
    // a plain duplicate (its own indexes, the shared buffer's reference count, released with it),
    // not retainedDuplicate(): that one takes a pooled wrapper from Netty's Recycler per socket,
    // which was 14 % of the gateway's samples when writing one frame per message to 5,000 sockets
    ByteBuf view = wire.duplicate().retain();
    if (ctx.executor().inEventLoop()) {
      ctx.writeAndFlush(view, ctx.voidPromise());
    } else {
      ctx.executor()
          .execute(
              () -> {
                if (closing || closed) {
                  view.release();
                } else {
                  ctx.writeAndFlush(view, ctx.voidPromise());
                }
              });
    }
    return true;
  }

  /**
   * Starts the close handshake: a close frame now, the TCP connection when the client answers or
   * times out.
   */
  @Override
  public void close(int code, String reason) {
    if (!ctx.executor().inEventLoop()) {
      ctx.executor().execute(() -> close(code, reason));
      return;
    }
    if (closing || closed) {
      return;
    }
    closing = true;
    // Half-close after the close frame and keep reading: closing outright while the client's data
    // is unread would send a TCP reset, which can destroy the close frame before the client reads
    // it.
    ctx.writeAndFlush(WebSocketFrames.closeFrame(ctx.alloc(), code, reason))
        .addListener(
            f -> {
              if (ctx.channel() instanceof DuplexChannel duplex) {
                duplex.shutdownOutput();
              }
            });
    closeTimer = ctx.executor().schedule(() -> ctx.close(), closeTimeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof TextWebSocketFrame frame) {
        // strict UTF-8: no encoded surrogates, no overlong forms
        if (!closing && ByteBufUtil.isText(frame.content(), StandardCharsets.UTF_8)) {
          context.emit(frame.text(), textHandler);
        } else if (!closing) {
          context.emit(frame.content().readableBytes(), invalidTextHandler);
        }
      } else if (msg instanceof PingWebSocketFrame ping) {
        if (!closing) {
          ctx.writeAndFlush(
              WebSocketFrames.frame(ctx.alloc(), WebSocketFrames.OP_PONG, ping.content()),
              ctx.voidPromise());
          context.emit(null, pingHandler);
        }
      } else if (msg instanceof BinaryWebSocketFrame binary) {
        if (!closing) {
          context.emit(binary.content().readableBytes(), binaryHandler);
        }
      } else if (msg instanceof CloseWebSocketFrame close) {
        if (closing) {
          ctx.close(); // the answer to ours
        } else {
          closing = true; // echo the client's code (none when it sent none), then close
          ByteBuf echo =
              close.statusCode() < 0
                  ? ctx.alloc().buffer(0)
                  : ctx.alloc().buffer(2).writeShort(close.statusCode());
          ctx.writeAndFlush(WebSocketFrames.frame(ctx.alloc(), WebSocketFrames.OP_CLOSE, echo))
              .addListener(ChannelFutureListener.CLOSE);
          echo.release();
        }
      }
      // pongs need nothing
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ShutdownEvent) { // the HTTP server is closing
      close(CloseCodes.GOING_AWAY, "server shutting down");
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) { // a fragmented message over the limit
      close(CloseCodes.TOO_BIG, "message too large");
    } else if (cause
        instanceof CorruptedWebSocketFrameException corrupt) { // the decoder now skips all input
      WebSocketCloseStatus status = corrupt.closeStatus();
      close(
          status.code(),
          status.code() == CloseCodes.TOO_BIG ? "frame too large" : status.reasonText());
    } else {
      ctx.close(); // I/O error: the connection is gone
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closed = true;
    if (closeTimer != null) {
      closeTimer.cancel(false);
    }
    context.emit(null, closeHandler);
  }
}
