package io.liveroom.launcher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The jar with real secrets, {@code log.format=json} and every logger at DEBUG: logins with tokens,
 * admin calls with the Bearer secret, a WHIP publish with a token in the query and an SDP offer,
 * then SIGTERM. Nothing secret reaches the output (neither the secrets, nor any token or its
 * signature, nor a line of SDP), every line is one JSON object with the fixed fields, and the
 * access log, the gateway's request lines and room-service's member lines carry their ids.
 */
class LogSafetyIT {
  private static final String SECRET = "log-safety-app-secret-7f3a91c2";
  private static final String ADMIN_SECRET = "log-safety-admin-secret-55e0b6d4";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void noSecretTokenOrSdpInTheLogsAndEveryLineIsJson() throws Exception {
    TokenService tokens = new TokenService(new AuthConfig(SECRET, ADMIN_SECRET, 86_400, 30));
    String alice =
        tokens.mint(
            tokens.claims(
                "alice", "lobby", EnumSet.of(Privilege.LOGIN, Privilege.PUBLISH), null, 600));
    String bob = tokens.mint(tokens.claims("bob", "lobby", EnumSet.of(Privilege.LOGIN), null, 600));
    String obs =
        tokens.mint(
            tokens.claims(
                "obs", "lobby", EnumSet.of(Privilege.LOGIN, Privilege.PUBLISH), null, 600));
    String offer =
        Files.readString(
            Path.of(
                "..", "media-node", "src", "test", "resources", "sdp", "chrome-publish-offer.sdp"));
    int port = NodeProcess.freePort();
    Map<String, String> env =
        Map.of("LIVEROOM_AUTH_SECRET", SECRET, "LIVEROOM_AUTH_ADMIN_SECRET", ADMIN_SECRET);
    String output;
    try (NodeProcess node =
        NodeProcess.start(
            "logsafety",
            port,
            env,
            "--node-id",
            "logsafe-1",
            "--port",
            Integer.toString(port),
            "--host",
            "127.0.0.1",
            "--set",
            "media.port=0",
            "--set",
            "log.format=json",
            "--set",
            "log.level=debug")) {
      node.awaitReady(Duration.ofSeconds(60));
      Vertx vertx = Vertx.vertx();
      try (TestClient a = TestClient.connect(vertx, port);
          TestClient b = TestClient.connect(vertx, port)) {
        assertTrue(login(a, "alice", alice).getBoolean("ok"));
        assertTrue(login(b, "bob", bob).getBoolean("ok"));
        JsonObject renewed =
            a.request("renewToken", new JsonObject().put("roomID", "lobby").put("token", alice));
        assertNotNull(renewed, "renewToken answered");
      } finally {
        vertx.close();
      }
      String bearer = "Bearer " + ADMIN_SECRET;
      assertEquals(
          200,
          Admin.status(
              port, "GET", "/v1/rooms?token=" + alice + "&secret=" + ADMIN_SECRET, null, bearer));
      assertEquals(200, Admin.status(port, "GET", "/v1/rooms/lobby/users", null, bearer));
      assertEquals(
          401, Admin.status(port, "GET", "/v1/rooms", null, "Bearer " + SECRET)); // the wrong one
      assertEquals(
          404, Admin.status(port, "GET", "/dev/token?userID=x&roomID=y&token=" + bob, null, null));
      HttpResponse<String> whip =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/whip/cam1?token=" + obs))
                  .header("Authorization", "Bearer " + obs)
                  .header("Content-Type", "application/sdp")
                  .POST(HttpRequest.BodyPublishers.ofString(offer))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, whip.statusCode(), whip::body);
      String location = whip.headers().firstValue("Location").orElseThrow();
      assertEquals(200, Admin.status(port, "DELETE", location, null, null));
      node.awaitLine(
          l -> l.contains("\"path\":\"/whip/cam1/***\""),
          "access line of the WHIP DELETE",
          Duration.ofSeconds(10));
      node.terminate();
      assertNotNull(node.awaitExit(Duration.ofSeconds(30)), "stops on SIGTERM");
      output = node.output();
    }

    List<String> leaks = new ArrayList<>();
    Map<String, String> secrets =
        Map.of(
            "auth.secret",
            SECRET,
            "auth.adminSecret",
            ADMIN_SECRET,
            "alice's token",
            alice,
            "bob's token",
            bob,
            "the WHIP token",
            obs,
            "a token signature",
            signature(alice),
            "SDP version line",
            "v=0",
            "SDP fingerprint",
            "a=fingerprint",
            "an SDP ICE password",
            "a=ice-pwd");
    secrets.forEach(
        (what, text) -> {
          if (output.contains(text)) {
            leaks.add(what);
          }
        });
    assertTrue(leaks.isEmpty(), "the logs hold " + leaks + ":\n" + output);

    List<JsonObject> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonObject json;
      try {
        json = new JsonObject(line);
      } catch (DecodeException | ClassCastException e) {
        throw new AssertionError("not a JSON object: " + line);
      }
      for (String field : List.of("time", "level", "logger", "message", "node")) {
        assertTrue(json.getValue(field) instanceof String, () -> "no " + field + " in " + line);
      }
      assertEquals("logsafe-1", json.getString("node"), line);
      lines.add(json);
    }
    assertTrue(lines.size() > 10, "some lines: " + output);
    require(
        lines,
        j ->
            "io.liveroom.access".equals(j.getString("logger"))
                && "POST".equals(j.getString("method"))
                && "/whip/cam1?token=***".equals(j.getString("path"))
                && j.getInteger("status") == 201
                && j.getValue("durationMs") instanceof Number
                && "127.0.0.1".equals(j.getString("remote")),
        "WHIP access line");
    require(
        lines,
        j ->
            "io.liveroom.access".equals(j.getString("logger"))
                && "/v1/rooms?token=***&secret=***".equals(j.getString("path")),
        "admin access line with masked query");
    require(
        lines,
        j ->
            "io.liveroom.gateway.requests".equals(j.getString("logger"))
                && "lobby".equals(j.getString("roomID"))
                && "alice".equals(j.getString("userID"))
                && j.getString("sessionID") != null,
        "gateway request line of alice");
    require(
        lines,
        j ->
            "io.liveroom.room.members".equals(j.getString("logger"))
                && "lobby".equals(j.getString("roomID"))
                && "bob".equals(j.getString("userID"))
                && j.getString("sessionID") != null,
        "room-service member line of bob");
    require(
        lines,
        j -> "io.liveroom.media.engine.MediaEngine".equals(j.getString("logger")),
        "a System.Logger line (bridged through JUL)");
    require(
        lines,
        j ->
            j.getString("logger").startsWith("io.vertx")
                || j.getString("logger").startsWith("io.netty")
                || j.getString("logger").startsWith("com.hazelcast")
                || j.getString("logger").startsWith("org.ice4j")
                || j.getString("logger").startsWith("org.jitsi")
                || j.getString("logger").startsWith("io.micrometer")
                || j.getString("logger").startsWith("com.sun.jna"),
        "a library's line");
  }

  private static JsonObject login(TestClient client, String userId, String token) {
    return client.request(
        "loginRoom",
        new JsonObject()
            .put("roomID", "lobby")
            .put("token", token)
            .put("user", new JsonObject().put("userID", userId).put("userName", userId)));
  }

  private static String signature(String jwt) {
    return jwt.substring(jwt.lastIndexOf('.') + 1);
  }

  private static void require(List<JsonObject> lines, Predicate<JsonObject> match, String what) {
    assertTrue(
        lines.stream().anyMatch(match),
        "no "
            + what
            + " among:\n"
            + String.join("\n", lines.stream().map(JsonObject::encode).toList()));
  }
}
