package io.liveroom.infra.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.logging.LogConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

@ExtendWith(VertxExtension.class)
class AccessLogTest {
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void credentialsInTheQueryAndMediaResourceIdsAreMasked() {
    assertEquals("/v1/rooms?limit=5", AccessLog.redact("/v1/rooms?limit=5"));
    assertEquals(
        "/whip/cam1?token=***&roomID=r1", AccessLog.redact("/whip/cam1?token=eyJ.a.b&roomID=r1"));
    assertEquals(
        "/x?access_token=***&Secret=***&apiKey=***&password=***&sig=***&flag",
        AccessLog.redact("/x?access_token=t&Secret=s&apiKey=k&password=p&sig=g&flag"));
    assertEquals(
        "/x?%74oken=***",
        AccessLog.redact("/x?%74oken=t"), "a percent-encoded name is decoded first");
    assertEquals("/x?%zz=***", AccessLog.redact("/x?%zz=t"), "an undecodable name is masked");
    assertEquals("/whip/cam1/***", AccessLog.redact("/whip/cam1/whip-1234"));
    assertEquals("/whep/cam1/***?token=***", AccessLog.redact("/whep/cam1/peer-9?token=t"));
    assertEquals("/whip/cam1", AccessLog.redact("/whip/cam1"));
  }

  @Test
  void aFinishedRequestIsOneLineAndExcludedPathsNone(Vertx vertx) throws Exception {
    AccessLog log = new AccessLog(LogConfig.from(Config.defaults()));
    Router router = Router.router(vertx);
    router.route().handler(log::handle);
    router.get("/health").handler(ctx -> ctx.response().end());
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    HttpClient client = vertx.createHttpClient();
    for (String uri : List.of("/health", "/v1/rooms?token=abc.def.ghi")) {
      int status =
          client
              .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", uri)
              .compose(r -> r.send())
              .map(r -> r.statusCode())
              .await(10, TimeUnit.SECONDS);
      assertTrue(status == 200 || status == 404);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (lines.list.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(1, lines.list.size(), () -> lines.list.toString());
    ILoggingEvent line = lines.list.get(0);
    Map<String, Object> fields =
        line.getKeyValuePairs().stream().collect(Collectors.toMap(p -> p.key, p -> p.value));
    assertEquals("GET", fields.get("method"));
    assertEquals("/v1/rooms?token=***", fields.get("path"));
    assertEquals(404, fields.get("status"));
    assertEquals("127.0.0.1", fields.get("remote"));
    assertTrue(fields.get("durationMs") instanceof Long, fields::toString);
    assertTrue(
        line.getFormattedMessage().startsWith("GET /v1/rooms?token=*** 404 "),
        line.getFormattedMessage());
  }
}
