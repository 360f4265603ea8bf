package io.liveroom.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared barrage frame reaches real WebSocket clients intact and in order with ordinary writes,
 * for the small and the 16-bit length encodings and for a message sent as several frames, also to a
 * client that asked for per-message compression (which the gateway does not negotiate).
 */
class SharedTextFrameTest {
  private static final List<String> SENT =
      List.of(
          "first",
          "é" + "x".repeat(9),
          "ü".repeat(300),
          "y".repeat(WebSocketFrames.MAX_FRAME_PAYLOAD),
          "z".repeat(WebSocketFrames.MAX_FRAME_PAYLOAD + 5),
          "last");

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void membersReceiveTheSameTextInOrder(boolean compression) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      List<String> received = new ArrayList<>();
      Promise<List<String>> all = Promise.promise();
      var server =
          vertx
              .createHttpServer(
                  new HttpServerOptions().setHost("127.0.0.1").setPort(0).setStrictThreadMode(true))
              .requestHandler(
                  request ->
                      WebSocketUpgrade.accept(
                          request,
                          1_000,
                          1_000,
                          socket ->
                              socket.textHandler(
                                  go -> {
                                    // as in the gateway, whose barrage follows a login: the client
                                    // has spoken, so the handshake is done
                                    socket.send(SENT.get(0));
                                    for (String text : SENT.subList(1, SENT.size() - 1)) {
                                      SharedTextFrame frame = new SharedTextFrame(text);
                                      frame.writeTo(socket);
                                      frame.release();
                                    }
                                    socket.send(SENT.get(SENT.size() - 1));
                                  })));
      int port =
          server
              .listen()
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS)
              .actualPort();
      var client =
          vertx.createWebSocketClient(
              new WebSocketClientOptions()
                  .setTryUsePerMessageCompression(compression)
                  .setMaxMessageSize(400_000));
      var to = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws");
      // One retry of the handshake: when other tests ran earlier in this JVM, the first handshake
      // of
      // this class has been seen to close before the 101 (before any frame under test is written).
      client
          .connect(to)
          .recover(e -> client.connect(to))
          .onFailure(all::tryFail)
          .onSuccess(
              ws ->
                  ws.textMessageHandler(
                          text -> {
                            received.add(text);
                            if (received.size() == SENT.size()) {
                              all.tryComplete(List.copyOf(received));
                            }
                          })
                      .writeTextMessage("go"));
      vertx.setTimer(
          10_000,
          t ->
              all.tryFail(
                  "received "
                      + received.size()
                      + " of "
                      + SENT.size()
                      + ": "
                      + received.stream().map(r -> r.length() + " chars").toList()));
      List<String> got =
          all.future().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      for (int i = 0; i < SENT.size(); i++) {
        assertEquals(SENT.get(i), got.get(i), "message " + i);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
