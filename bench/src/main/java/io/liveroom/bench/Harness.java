package io.liveroom.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the scenarios share: the receivers' Vert.x (one event loop, every receiving connection on
 * it) and the sender's own, the WebSocket and HTTP clients, tokens, joining users into a room at a
 * given rate, and the server's CPU time. Scenario code runs on the main thread and hands work to
 * the receivers' loop with {@link #onLoop}.
 */
final class Harness {
  final Options opts;
  private final Jwt jwt = new Jwt(Jwt.DEV_SECRET);
  Vertx vertx;
  Vertx senderVertx;
  private Context loop;
  WebSocketClient client;
  HttpClient http;

  Harness(Options opts) {
    this.opts = opts;
  }

  void start() {
    vertx =
        Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(60_000));
    senderVertx =
        Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(60_000));
    loop = vertx.getOrCreateContext();
    client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(100_000)
                .setConnectTimeout(30_000)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 22));
    http =
        vertx.createHttpClient(
            new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(opts.port),
            new PoolOptions().setHttp1MaxSize(4));
  }

  void stop() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      senderVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // exiting anyway
    }
  }

  /** Runs {@code task} on the receivers' event loop and waits for its future. */
  <T> T onLoop(Supplier<Future<T>> task, long timeoutSeconds) throws Exception {
    return await(loop, task, timeoutSeconds);
  }

  /** Runs {@code task} on {@code context} and waits for its future. */
  static <T> T await(Context context, Supplier<Future<T>> task, long timeoutSeconds)
      throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(
        v ->
            task.get()
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        done.complete(ar.result());
                      } else {
                        done.completeExceptionally(ar.cause());
                      }
                    }));
    return done.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  /** A login token for {@code userId} in {@code room} (liveroom), none for socket.io. */
  String token(String userId, String room) {
    return opts.protocol == Conn.Protocol.LIVEROOM ? jwt.login(userId, room, 86_400) : null;
  }

  /**
   * Opens {@code users.size()} connections at {@code perSecond} and logs each into {@code room}.
   * Completes when every attempt finished; failures are left out of the result. Call on the loop.
   */
  Future<List<Conn>> joinMany(
      String room,
      List<String> users,
      int firstIndex,
      int perSecond,
      LatencyStats joinStats,
      Conn.Delivery delivery) {
    Promise<List<Conn>> done = Promise.promise();
    List<Conn> joined = new ArrayList<>();
    int[] started = {0};
    int[] finished = {0};
    long begin = System.nanoTime();
    if (users.isEmpty()) {
      return Future.succeededFuture(joined);
    }
    vertx.setPeriodic(
        0,
        2,
        id -> {
          long due =
              Math.min(users.size(), (System.nanoTime() - begin) * perSecond / 1_000_000_000L + 1);
          while (started[0] < due) {
            int i = started[0]++;
            Conn conn = new Conn(opts.protocol, users.get(i), firstIndex + i, delivery);
            conn.sampled = (firstIndex + i) % opts.sampleEvery == 0;
            conn.connect(client, opts.port)
                .compose(v -> conn.login(room, token(conn.userId, room)))
                .onComplete(
                    ar -> {
                      if (ar.succeeded()) {
                        joined.add(conn);
                        if (joinStats != null) {
                          joinStats.record(conn.loginMicros);
                        }
                      } else {
                        conn.close();
                        if (joined.size() < 3 && finished[0] - joined.size() < 5) {
                          System.err.println(
                              "join failed for " + conn.userId + ": " + ar.cause().getMessage());
                        }
                      }
                      if (++finished[0] == users.size()) {
                        done.complete(joined);
                      }
                    });
          }
          if (started[0] >= users.size()) {
            vertx.cancelTimer(id);
          }
        });
    return done.future();
  }

  /** {@code prefix + from} .. {@code prefix + (from + count - 1)}. */
  static List<String> users(String prefix, int from, int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  /** A copy of {@code stats}, taken on the loop that records into it. */
  LatencyStats snapshot(LatencyStats stats) throws Exception {
    return onLoop(
        () -> {
          LatencyStats copy = new LatencyStats();
          copy.add(stats);
          return Future.succeededFuture(copy);
        },
        30);
  }

  /** How many of {@code conns} are still open, counted on the loop. */
  int countOpen(List<Conn> conns) throws Exception {
    return onLoop(
        () -> Future.succeededFuture((int) conns.stream().filter(Conn::isOpen).count()), 30);
  }

  /** Closes every one of {@code conns} and waits until they all closed. */
  void closeAll(List<Conn> conns) throws Exception {
    onLoop(() -> Future.join(conns.stream().map(Conn::close).toList()).map(x -> null), 60);
  }

  /** The server's CPU seconds so far; NaN without {@code --pid}. */
  double serverCpu() {
    return opts.pid > 0 ? Proc.cpuSeconds(opts.pid) : Double.NaN;
  }
}
