package io.liveroom.infra.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The deadlines of one HTTP/1.1 connection, as two Netty handlers around Vert.x's HTTP codec: one
 * before the decoder sees raw bytes (the first byte of a request), one after the codec sees decoded
 * requests and the responses written. Phases and their deadlines:
 *
 * <ul>
 *   <li>{@link Phase#HEADERS}: from the accept, or from a request's first byte on a kept-alive
 *       connection, until its headers are decoded: {@code headerTimeoutMs} (slowloris, silent
 *       connections, a half-sent WebSocket upgrade);
 *   <li>{@link Phase#BODY}: from the headers until the body's last byte: {@code bodyTimeoutMs};
 *   <li>{@link Phase#RESPONSE} (a complete request waits for its response to be written) and {@link
 *       Phase#IDLE} (a kept-alive connection waits for its next request): {@code idleTimeoutMs}.
 * </ul>
 *
 * A connection past its deadline is closed and reported to {@code expired}. A 101 response (the
 * client WebSocket) removes both handlers: the socket then lives by its heartbeat, not by these.
 * Everything runs on the channel's event loop.
 */
final class HttpTimeouts {
  static final String RAW = "liveroom-http-first-byte";
  static final String DECODED = "liveroom-http-deadlines";

  enum Phase {
    HEADERS,
    BODY,
    RESPONSE,
    IDLE
  }

  private final HttpLimits limits;
  private final Consumer<Phase> expired;
  private ChannelHandlerContext ctx;

  /** At most one timer, due no later than the deadline; a later deadline lets it run and re-arm. */
  private ScheduledFuture<?> timer;

  private long timerDue;
  private long deadline;
  private Phase phase;

  /**
   * Requests received completely, responses written completely: a response is owed while they
   * differ.
   */
  private long requests;

  private long responses;
  private boolean inBody;

  private HttpTimeouts(HttpLimits limits, Consumer<Phase> expired) {
    this.limits = limits;
    this.expired = expired;
  }

  /**
   * Installs the deadlines on a new HTTP/1.1 connection (its pipeline has Vert.x's {@code
   * httpDecoder} and {@code httpEncoder}); the headers deadline starts now.
   */
  static void install(Channel channel, HttpLimits limits, Consumer<Phase> expired) {
    HttpTimeouts timeouts = new HttpTimeouts(limits, expired);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addBefore("httpDecoder", RAW, timeouts.new FirstByte());
    pipeline.addAfter("httpEncoder", DECODED, timeouts.new Deadlines());
  }

  private void enter(Phase next) {
    if (phase == next && next != Phase.HEADERS) {
      return;
    }
    phase = next;
    long ms =
        switch (next) {
          case HEADERS -> limits.headerTimeoutMs();
          case BODY -> limits.bodyTimeoutMs();
          case RESPONSE, IDLE -> limits.idleTimeoutMs();
        };
    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    if (timer == null
        || timerDue - deadline > 0) { // an upgrade's phases only ever push it later: one timer
      stop();
      arm();
    }
  }

  private void arm() {
    timerDue = deadline;
    timer =
        ctx.executor()
            .schedule(this::due, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  /** Where the connection stands after a request or response event. */
  private void settle() {
    if (inBody) {
      enter(Phase.BODY);
    } else if (responses < requests) {
      enter(Phase.RESPONSE);
    } else {
      enter(Phase.IDLE);
    }
  }

  private void due() {
    timer = null;
    if (!ctx.channel().isActive()) {
      return;
    }
    if (deadline - System.nanoTime() > 0) {
      arm();
    } else {
      expired.accept(phase);
      ctx.channel().close();
    }
  }

  private void stop() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /**
   * Raw bytes: the first one read while the connection is idle starts the next request's headers
   * deadline.
   */
  private final class FirstByte extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext raw, Object msg) {
      if (phase == Phase.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
        enter(Phase.HEADERS);
      }
      raw.fireChannelRead(msg);
    }
  }

  /** Decoded requests and written responses. */
  private final class Deadlines extends ChannelDuplexHandler {
    @Override
    public void handlerAdded(ChannelHandlerContext added) {
      ctx = added;
      enter(Phase.HEADERS);
    }

    @Override
    public void channelRead(ChannelHandlerContext c, Object msg) {
      if (msg instanceof HttpRequest) {
        inBody = true;
      }
      if (msg instanceof LastHttpContent) {
        inBody = false;
        requests++;
      }
      if (msg instanceof HttpRequest || msg instanceof LastHttpContent) {
        settle();
      }
      c.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext c, Object msg, ChannelPromise promise) {
      if (msg instanceof HttpResponse response
          && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
        stop(); // an upgraded WebSocket: its heartbeat takes over
        c.write(msg, promise);
        c.pipeline().remove(RAW);
        c.pipeline().remove(this);
        return;
      }
      boolean interim =
          msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (msg instanceof LastHttpContent && !interim) { // a 100 Continue is not the response
        promise = promise.unvoid();
        promise.addListener(
            f -> {
              responses++;
              if (ctx.channel().isActive() && c.pipeline().get(DECODED) != null) {
                settle();
              }
            });
      }
      c.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext c) {
      stop();
      c.fireChannelInactive();
    }
  }
}
