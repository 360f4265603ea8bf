package io.liveroom.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared fan-out frame reaches real WebSocket clients intact and in order with ordinary writes,
 * for the small and the 16-bit length encodings, with the fallback for large payloads, and on a
 * connection that negotiated per-message compression.
 */
@ExtendWith(VertxExtension.class)
class SharedTextFrameTest {
  private static final List<String> SENT = List.of("first", "é" + "x".repeat(9), "ü".repeat(300),
      "y".repeat(SharedTextFrame.MAX_SHARED_PAYLOAD), "z".repeat(SharedTextFrame.MAX_SHARED_PAYLOAD + 5), "last");

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void membersReceiveTheSameTextInOrder(boolean compression, Vertx vertx, VertxTestContext test) {
    List<String> received = new ArrayList<>();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> request.toWebSocket().onSuccess(socket -> vertx.setTimer(100, t -> {
          // as the gateway: well after the handshake, once the client listens
          socket.writeTextMessage(SENT.get(0));
          for (String text : SENT.subList(1, SENT.size() - 1)) {
            SharedTextFrame frame = new SharedTextFrame(text);
            frame.writeTo(socket);
            frame.release();
          }
          socket.writeTextMessage(SENT.get(SENT.size() - 1));
        })));
    vertx.setTimer(10_000, t -> test.failNow("received " + received.size() + " of " + SENT.size() + ": "
        + received.stream().map(r -> r.length() + " chars").toList()));
    server.listen().compose(s -> vertx.createWebSocketClient(new WebSocketClientOptions()
            .setTryUsePerMessageCompression(compression).setMaxFrameSize(200_000).setMaxMessageSize(400_000))
        .connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(s.actualPort()).setURI("/")))
        .onComplete(test.succeeding(ws -> ws.textMessageHandler(text -> {
          received.add(text);
          if (received.size() == SENT.size()) {
            test.verify(() -> {
              for (int i = 0; i < SENT.size(); i++) {
                assertEquals(SENT.get(i), received.get(i), "message " + i);
              }
            });
            test.completeNow();
          }
        })));
  }
}
