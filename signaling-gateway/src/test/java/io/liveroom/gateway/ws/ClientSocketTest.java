package io.liveroom.gateway.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own WebSocket against real clients: Vert.x's WebSocket client for the protocol
 * (fragments, ping, binary, close handshakes in both directions, size limits, large messages) and a
 * raw TCP socket for what a well-behaved client never does (bad upgrades, a close left unanswered).
 */
class ClientSocketTest {
  private static final int MAX = 1_000;
  private static final long CLOSE_TIMEOUT_MS = 300;
  private Vertx vertx;
  private int port;
  private final AtomicInteger serverClosed = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    port =
        await(
                vertx
                    .createHttpServer(
                        new HttpServerOptions()
                            .setHost("127.0.0.1")
                            .setPort(0)
                            .setStrictThreadMode(true))
                    .requestHandler(
                        request ->
                            WebSocketUpgrade.accept(request, MAX, CLOSE_TIMEOUT_MS, this::serve))
                    .listen())
            .actualPort();
  }

  /** Echoes text; {@code close:<code>:<reason>} closes, {@code big:<n>} answers n characters. */
  private void serve(ClientSocket socket) {
    socket
        .textHandler(
            text -> {
              if (text.startsWith("close:")) {
                String[] parts = text.split(":", 3);
                socket.close(Integer.parseInt(parts[1]), parts[2]);
              } else if (text.startsWith("big:")) {
                socket.send("é".repeat(Integer.parseInt(text.substring(4))));
              } else {
                socket.send("echo:" + text);
              }
            })
        .binaryHandler(bytes -> socket.send("binary:" + bytes))
        .invalidTextHandler(bytes -> socket.send("invalid:" + bytes))
        .pingHandler(v -> socket.send("pinged"))
        .closeHandler(v -> serverClosed.incrementAndGet());
    socket.send("hello");
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void echoesTextAndReassemblesFragments() throws Exception {
    Client client = connect();
    assertEquals("hello", client.next());
    client.ws.writeTextMessage("é and ü");
    assertEquals("echo:é and ü", client.next());
    client.ws.writeFrame(WebSocketFrame.textFrame("ab", false));
    client.ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("cd"), true));
    assertEquals("echo:abcd", client.next());
  }

  @Test
  void answersPingsAndReportsBinaryFrames() throws Exception {
    Client client = connect();
    client.next();
    Promise<String> pong = Promise.promise();
    client.ws.pongHandler(data -> pong.tryComplete(data.toString()));
    client.ws.writePing(Buffer.buffer("are you there"));
    assertEquals("are you there", await(pong.future()));
    assertEquals("pinged", client.next());
    client.ws.writeBinaryMessage(Buffer.buffer(new byte[7]));
    assertEquals("binary:7", client.next());
  }

  @Test
  void sendsLargeMessagesAsFragmentsThatArriveWhole() throws Exception {
    Client client = connect();
    client.next();
    client.ws.writeTextMessage(
        "big:100000"); // 200,000 bytes of UTF-8: four frames of at most 64 KiB
    assertEquals("é".repeat(100_000), client.next());
    client.ws.writeTextMessage("after");
    assertEquals("echo:after", client.next());
  }

  @Test
  void serverCloseCarriesCodeAndReasonAndCompletesWhenAnswered() throws Exception {
    Client client = connect();
    client.next();
    client.ws.writeTextMessage("close:4000:idle too long");
    assertEquals(4000, await(client.closed));
    assertEquals("idle too long", client.ws.closeReason());
    pollUntil(() -> serverClosed.get() == 1, "the server saw the connection close");
  }

  @Test
  void clientCloseIsEchoed() throws Exception {
    Client client = connect();
    client.next();
    client.ws.close((short) 1000, "done");
    assertEquals(1000, await(client.closed));
    pollUntil(() -> serverClosed.get() == 1, "the server saw the connection close");
  }

  @Test
  void oversizedFrameClosesWith1009() throws Exception {
    Client client = connect();
    client.next();
    client.ws.writeTextMessage("x".repeat(MAX + 1));
    assertEquals(1009, await(client.closed));
  }

  @Test
  void oversizedFragmentedMessageClosesWith1009() throws Exception {
    Client client = connect();
    client.next();
    client.ws.writeFrame(WebSocketFrame.textFrame("x".repeat(MAX - 100), false));
    client.ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("y".repeat(200)), true));
    assertEquals(1009, await(client.closed));
  }

  @Test
  void rejectsRequestsThatAreNotVersion13Upgrades() throws Exception {
    try (Socket raw = new Socket("127.0.0.1", port)) {
      raw.setSoTimeout(5_000);
      raw.getOutputStream()
          .write("GET /ws HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String head = readHead(raw.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 400"), head);
    }
    try (Socket raw = new Socket("127.0.0.1", port)) {
      raw.setSoTimeout(5_000);
      raw.getOutputStream().write(upgradeRequest("8").getBytes(StandardCharsets.US_ASCII));
      String head = readHead(raw.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 426"), head);
      assertTrue(head.toLowerCase().contains("sec-websocket-version: 13"), head);
    }
  }

  @Test
  void closesTheConnectionWhenTheClientNeverAnswersAClose() throws Exception {
    try (Socket raw = new Socket("127.0.0.1", port)) {
      raw.setSoTimeout(5_000);
      InputStream in = raw.getInputStream();
      raw.getOutputStream().write(upgradeRequest("13").getBytes(StandardCharsets.US_ASCII));
      String head = readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 101"), head);
      // RFC 6455 4.2.2: the accept key of the RFC's own example key
      assertTrue(head.contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), head);
      byte[] payload = "close:4001:bye".getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x81);
      frame.write(0x80 | payload.length); // masked, with an all-zero mask the payload goes as is
      frame.write(new byte[4]);
      frame.write(payload);
      raw.getOutputStream().write(frame.toByteArray());
      // "hello" first, then the close frame; then the server hangs up on its own
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      for (int b = in.read(); b >= 0; b = in.read()) {
        received.write(b);
      }
      byte[] bytes = received.toByteArray();
      assertEquals(0x81, bytes[0] & 0xFF, "a text frame first");
      int close = 2 + bytes[1];
      assertEquals(0x88, bytes[close] & 0xFF, "then a close frame");
      assertEquals(4001, ((bytes[close + 2] & 0xFF) << 8) | (bytes[close + 3] & 0xFF));
      pollUntil(() -> serverClosed.get() == 1, "the server saw the connection close");
    }
  }

  /**
   * Text that is not strict UTF-8 (a lone byte, an encoded surrogate, an overlong form) never
   * reaches the text handler.
   */
  @Test
  void textThatIsNotUtf8IsReportedNotDecoded() throws Exception {
    try (Socket raw = new Socket("127.0.0.1", port)) {
      raw.setSoTimeout(5_000);
      InputStream in = raw.getInputStream();
      raw.getOutputStream().write(upgradeRequest("13").getBytes(StandardCharsets.US_ASCII));
      assertTrue(readHead(in).startsWith("HTTP/1.1 101"));
      assertEquals("hello", readText(in));
      byte[][] invalid = {
        {'x', (byte) 0xE9, 'y'}, {(byte) 0xED, (byte) 0xA0, (byte) 0xBD}, {(byte) 0xC0, (byte) 0xAF}
      };
      for (byte[] payload : invalid) {
        writeMaskedText(raw, payload);
        assertEquals("invalid:" + payload.length, readText(in));
      }
      writeMaskedText(raw, "\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8));
      assertEquals("echo:\u00e9 \ud83d\ude00", readText(in));
    }
  }

  private static void writeMaskedText(Socket raw, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    frame.write(0x80 | payload.length); // masked, with an all-zero mask the payload goes as is
    frame.write(new byte[4]);
    frame.write(payload);
    raw.getOutputStream().write(frame.toByteArray());
  }

  /** One short unfragmented text frame from the server. */
  private static String readText(InputStream in) throws IOException {
    assertEquals(0x81, in.read(), "a final text frame");
    int length = in.read();
    assertTrue(length <= 125, "a short frame");
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static String upgradeRequest(String version) {
    return "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
        + version
        + "\r\n\r\n";
  }

  /** The status line and headers of an HTTP response, up to the blank line. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  private record Client(
      WebSocket ws, LinkedBlockingQueue<String> messages, Future<Integer> closed) {
    String next() throws InterruptedException {
      String message = messages.poll(10, TimeUnit.SECONDS);
      if (message == null) {
        throw new AssertionError("no message within 10 s");
      }
      return message;
    }
  }

  private Client connect() throws Exception {
    var client =
        vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(400_000));
    LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    Promise<Integer> closed = Promise.promise();
    // handlers are set on the event loop as the handshake completes, before the next read
    WebSocket ws =
        await(
            client
                .connect(
                    new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws"))
                .map(
                    socket ->
                        socket
                            .textMessageHandler(messages::add)
                            .closeHandler(
                                v ->
                                    closed.tryComplete(
                                        socket.closeStatusCode() == null
                                            ? -1
                                            : (int) socket.closeStatusCode()))));
    return new Client(ws, messages, closed.future());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static void pollUntil(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }
}
