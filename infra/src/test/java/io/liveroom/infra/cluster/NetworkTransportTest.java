package io.liveroom.infra.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.transport.Transport;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkTransportTest {
  private static Transport pick(String name) {
    return NetworkTransport.from(Config.of(Map.of("node.transport", name)));
  }

  @Test
  void autoTakesTheFirstThatWorksHere() {
    Transport auto = pick("auto");
    assertTrue(auto.available());
    if (Transport.IO_URING.available()) {
      assertEquals(Transport.IO_URING.name(), auto.name());
    } else if (Transport.EPOLL.available()) {
      assertEquals(Transport.EPOLL.name(), auto.name());
    } else {
      assertEquals(Transport.NIO.name(), auto.name());
    }
    assertEquals(
        Transport.NIO.name(), NetworkTransport.from(Config.defaults()).name(), "NIO by default");
  }

  @ParameterizedTest
  @ValueSource(strings = {"io_uring", "epoll", "nio", " NIO "})
  void aNamedTransportIsThatOneOrAClearStartError(String name) {
    Transport wanted =
        switch (name.trim().toLowerCase()) {
          case "io_uring" -> Transport.IO_URING;
          case "epoll" -> Transport.EPOLL;
          default -> Transport.NIO;
        };
    if (wanted.available()) {
      assertEquals(wanted.name(), pick(name).name());
    } else {
      ConfigException e = assertThrows(ConfigException.class, () -> pick(name));
      assertTrue(e.getMessage().contains("node.transport"), e.getMessage());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"kqueue", "uring", "", "\u0000"})
  void anUnknownTransportStopsTheStartNamingTheKey(String name) {
    ConfigException e = assertThrows(ConfigException.class, () -> pick(name));
    assertTrue(e.getMessage().contains("node.transport"), e.getMessage());
  }

  /** The chosen transport really carries HTTP both ways on loopback. */
  @Test
  void theChosenTransportServesHttp() throws Exception {
    Vertx vertx = Vertx.builder().withTransport(pick("auto")).build();
    try {
      HttpServer server =
          vertx
              .createHttpServer()
              .requestHandler(r -> r.body().onSuccess(b -> r.response().end("echo:" + b)))
              .listen(0, "127.0.0.1")
              .await(10, TimeUnit.SECONDS);
      HttpClient client = vertx.createHttpClient();
      String body =
          client
              .request(HttpMethod.POST, server.actualPort(), "127.0.0.1", "/")
              .compose(req -> req.send("ping"))
              .compose(res -> res.body())
              .await(10, TimeUnit.SECONDS)
              .toString();
      assertEquals("echo:ping", body);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
