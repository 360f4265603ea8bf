package io.liveroom.launcher.harness;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client of the admin API, as an app's back end would call it. */
public final class Admin {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Admin() {}

  public static JsonObject get(int port, String path) throws IOException {
    return call(port, "GET", path, null, TestTokens.admin(), 200);
  }

  public static JsonObject post(int port, String path, JsonObject body) throws IOException {
    return call(port, "POST", path, body.encode(), TestTokens.admin(), 200);
  }

  public static int status(int port, String method, String path, String body, String authorization)
      throws IOException {
    return send(port, method, path, body, authorization).statusCode();
  }

  public static JsonObject call(
      int port, String method, String path, String body, String authorization, int expected)
      throws IOException {
    HttpResponse<String> r = send(port, method, path, body, authorization);
    if (r.statusCode() != expected) {
      throw new AssertionError(method + " " + path + " -> " + r.statusCode() + ": " + r.body());
    }
    return new JsonObject(r.body());
  }

  /** One request as sent, whatever its status (a null body or authorization: none). */
  public static HttpResponse<String> send(
      int port, String method, String path, String body, String authorization) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
