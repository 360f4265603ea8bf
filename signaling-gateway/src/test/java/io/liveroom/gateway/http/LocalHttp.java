package io.liveroom.gateway.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A plain blocking HTTP client for the gateway's route tests (the JDK's, so a test thread never
 * waits on an event-loop future of the server under test).
 */
final class LocalHttp {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private LocalHttp() {}

  /** A GET answer: status, the headers the tests look at, body text. */
  record Response(int status, String contentType, String cacheControl, String body) {}

  static Response get(int port, String uri) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Response(
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(null),
        r.headers().firstValue("Cache-Control").orElse(null),
        r.body());
  }
}
