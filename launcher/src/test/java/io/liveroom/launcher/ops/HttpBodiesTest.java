package io.liveroom.launcher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.RawHttp;
import io.liveroom.launcher.harness.TestNodes;
import io.liveroom.launcher.harness.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 item 2: no request body ever reaches the disk, bodies are bounded per route, and a
 * request is refused on its headers (401 without credentials, 415 for a wrong type, 413 for a
 * declared size over the limit) before its body is read. Every route that takes a body, with and
 * without credentials, against a real node.
 */
class HttpBodiesTest {
  private static final int LIMIT = 8192;
  private static final Duration REPLY = Duration.ofSeconds(10);
  private static final Path WORK_DIR = Path.of(System.getProperty("user.dir")).toAbsolutePath();
  private static final List<String> ADMIN =
      List.of("/v1/rooms/r1/kick", "/v1/rooms/r1/broadcast", "/v1/rooms/r1/barrage");
  private static final List<String> MEDIA = List.of("/whip/s1", "/whep/s1");
  private static Set<String> filesBefore;
  private static RunningNode node;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    filesBefore = files();
    node =
        TestNodes.start(
            Map.of(
                "http.adminMaxBodyBytes",
                String.valueOf(LIMIT),
                "http.whipMaxBodyBytes",
                String.valueOf(LIMIT)));
    port = node.httpPort();
  }

  @AfterAll
  static void stop() throws Exception {
    node.stop().await(20, TimeUnit.SECONDS);
  }

  private static List<String> routes() {
    return Stream.concat(ADMIN.stream(), MEDIA.stream()).toList();
  }

  private static String credentials(String route) {
    return ADMIN.contains(route)
        ? TestTokens.admin()
        : "Bearer " + TestTokens.token("pub", "r1", true);
  }

  private static String type(String route) {
    return ADMIN.contains(route) ? "application/json" : "application/sdp";
  }

  /** Sends one request with the whole body and returns the response status. */
  private static int send(
      String method, String route, String authorization, String contentType, byte[] body)
      throws IOException {
    try (RawHttp http = RawHttp.connect(port)) {
      http.send(
          method
              + " "
              + route
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
              + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
              + "Content-Length: "
              + body.length
              + "\r\n\r\n");
      http.send(body);
      return http.status(REPLY);
    }
  }

  private static final String BOUNDARY = "liveroomtestboundary";

  /**
   * A multipart form with one file part of {@code size} bytes: what wrote files to file-uploads/.
   */
  private static byte[] multipart(int size) {
    return ("--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + "x".repeat(size)
            + "\r\n--"
            + BOUNDARY
            + "--\r\n")
        .getBytes();
  }

  @Test
  void multipartBodiesAreRefusedAndNeverWritten() throws Exception {
    byte[] form = multipart(LIMIT / 2);
    String formType = "multipart/form-data; boundary=" + BOUNDARY;
    List<String> wrong = new ArrayList<>();
    for (String route : routes()) {
      for (int i = 0; i < 20; i++) { // what the black-box test did 2,000 times
        expect(
            wrong,
            route + " multipart without credentials",
            401,
            send("POST", route, null, formType, form));
      }
      expect(
          wrong,
          route + " multipart with credentials",
          415,
          send("POST", route, credentials(route), formType, form));
      expect(
          wrong,
          route + " text/plain with credentials",
          415,
          send("POST", route, credentials(route), "text/plain", "v=0\r\n".getBytes()));
      for (String method : List.of("PUT", "PATCH")) {
        int status = send(method, route, credentials(route), formType, form);
        if (status != 404 && status != 405) {
          wrong.add(method + " " + route + " -> " + status + ", expected 404 or 405");
        }
      }
    }
    assertFalse(Files.exists(WORK_DIR.resolve("file-uploads")), "an uploads directory was created");
    assertEquals(filesBefore, files(), "files appeared under " + WORK_DIR);
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  @Test
  void bodiesAreBoundedPerRoute() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (String route : routes()) {
      byte[] atLimit = padded(route, LIMIT);
      int status = send("POST", route, credentials(route), type(route), atLimit);
      assertNotEquals(413, status, route + ": a body of exactly the limit is read");
      expect(
          wrong,
          route + " limit + 1 bytes",
          413,
          send("POST", route, credentials(route), type(route), padded(route, LIMIT + 1)));
    }
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
  }

  /**
   * A body of exactly {@code size} bytes that the route can parse (JSON with padding, or an SDP-ish
   * text).
   */
  private static byte[] padded(String route, int size) {
    String head = ADMIN.contains(route) ? "{\"message\":\"hi\",\"pad\":\"" : "v=0\r\na=x:";
    String tail = ADMIN.contains(route) ? "\"}" : "\r\n";
    return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes();
  }

  @Test
  void aHugeDeclaredBodyIsRefusedOnItsHeadersAndTheConnectionClosed() throws Exception {
    for (String route : routes()) {
      for (String authorization : new String[] {credentials(route), null}) {
        try (RawHttp http = RawHttp.connect(port)) {
          http.send(
              "POST "
                  + route
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                  + "Content-Type: "
                  + type(route)
                  + "\r\nContent-Length: 50000000\r\n\r\n");
          http.send(new byte[16_384]);
          int expected = authorization == null ? 401 : 413;
          assertEquals(expected, http.status(REPLY), route + ": " + http.received());
          assertTrue(
              http.received().contains(expected == 413 ? "BODY_TOO_LARGE" : "UNAUTHORIZED")
                  || http.received().contains("TOKEN_MISSING"),
              http.received());
          http.awaitClosed(REPLY); // the other 49.98 MB are not read
        }
      }
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIsCutAt413() throws Exception {
    for (String route : routes()) {
      try (RawHttp http = RawHttp.connect(port)) {
        http.send(
            "POST "
                + route
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                + credentials(route)
                + "\r\nContent-Type: "
                + type(route)
                + "\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = Integer.toHexString(1024) + "\r\n" + "x".repeat(1024) + "\r\n";
        for (int i = 0; i < 64 && http.send(chunk); i++) {
          // keeps streaming until the server gives up on the body
        }
        assertEquals(413, http.status(REPLY), route + ": " + http.received());
        http.awaitClosed(REPLY);
      }
    }
  }

  /**
   * What passes the checks is still served: Chrome's offer publishes through WHIP; its play offer
   * gets past the body checks of WHEP (to the media node, which has no live media for it without a
   * browser).
   */
  @Test
  void realOffersGetPastTheChecks() throws Exception {
    Path sdp = Path.of("..", "media-node", "src", "test", "resources", "sdp");
    String publish = Files.readString(sdp.resolve("chrome-publish-offer.sdp"));
    String play = Files.readString(sdp.resolve("chrome-play-offer.sdp"));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> whip =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/whip/cam1"))
                .header("Authorization", "Bearer " + TestTokens.token("obs", "r1", true))
                .header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(publish))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(201, whip.statusCode(), whip::body);
    assertTrue(whip.body().startsWith("v=0"), whip::body);
    HttpResponse<String> whep =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/whep/cam1"))
                .header("Authorization", "Bearer " + TestTokens.token("viewer", "r1", false))
                .header("Content-Type", "application/sdp; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(play))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, whep.statusCode(), whep::body);
    assertTrue(whep.body().contains("STREAM_NOT_FOUND"), whep::body);
    String location = whip.headers().firstValue("Location").orElseThrow();
    assertEquals(
        200,
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + location))
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode());
  }

  private static void expect(List<String> wrong, String what, int expected, int actual) {
    if (expected != actual) {
      wrong.add(what + " -> " + actual + ", expected " + expected);
    }
  }

  /** Every file under the working directory, except the build output. */
  private static Set<String> files() throws IOException {
    try (Stream<Path> walk = Files.walk(WORK_DIR)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> WORK_DIR.relativize(p).toString())
          .filter(p -> !p.startsWith("target"))
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }
}
