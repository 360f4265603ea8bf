package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every store command is bounded: against a TCP server that accepts and reads but never answers (a
 * frozen or cut-off Redis), a command fails after {@code store.requestTimeoutMs}; against a real
 * redis-server the same client just works.
 */
class BoundedRedisTest {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private final Vertx vertx = Vertx.vertx();
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (Socket s : accepted) {
      s.close();
    }
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static Redis bounded(Vertx vertx, String url, long timeoutMs) {
    return new BoundedRedis(
        Redis.createClient(vertx, new RedisOptions().setConnectionString(url)), timeoutMs);
  }

  @Test
  void aServerThatNeverAnswersFailsTheCommandAfterTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      daemon(
          () -> {
            try {
              while (true) {
                Socket s = silent.accept();
                accepted.add(s);
                daemon(() -> drain(s));
              }
            } catch (Exception closed) {
              // the test is over
            }
          });
      Redis redis = bounded(vertx, "redis://127.0.0.1:" + silent.getLocalPort(), 300);
      long t0 = System.nanoTime();
      Throwable failure =
          redis
              .send(Request.cmd(Command.GET).arg("k"))
              .map(r -> (Throwable) null)
              .otherwise(e -> e)
              .await(10, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(failure instanceof TimeoutException, "a timeout, not: " + failure);
      assertTrue(ms >= 250, "not before the timeout: " + ms + " ms");
      Throwable batch =
          redis
              .batch(List.of(Request.cmd(Command.PING), Request.cmd(Command.PING)))
              .map(r -> (Throwable) null)
              .otherwise(e -> e)
              .await(10, TimeUnit.SECONDS);
      assertTrue(batch instanceof TimeoutException, "a batch is bounded too: " + batch);
    }
  }

  @Test
  void aLiveServerAnswersAsUsual() throws Exception {
    RedisServer server = REDIS.server();
    Redis redis = bounded(vertx, server.url(), 2_000);
    String key = RedisServer.freshPrefix() + "k";
    redis.send(Request.cmd(Command.SET).arg(key).arg("v")).await(10, TimeUnit.SECONDS);
    assertEquals(
        "v", redis.send(Request.cmd(Command.GET).arg(key)).await(10, TimeUnit.SECONDS).toString());
  }

  @Test
  void theStoresUseTheConfiguredBound() {
    StoreConfig config =
        new StoreConfig(StoreConfig.Type.REDIS, "redis://127.0.0.1:6379", "p:", 1, 1000);
    assertEquals(StoreConfig.DEFAULT_REQUEST_TIMEOUT_MS, config.requestTimeoutMs());
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "silent-redis");
    t.setDaemon(true);
    t.start();
  }

  private static void drain(Socket s) {
    try (InputStream in = s.getInputStream()) {
      byte[] buf = new byte[4096];
      while (in.read(buf) >= 0) {
        // read and never answer
      }
    } catch (Exception closed) {
      // the test closed it
    }
  }
}
