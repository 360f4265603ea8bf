package io.liveroom.launcher.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.text.Unicode;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21 items 1 and 6, end to end on a real node with real WebSocket clients: an attacker sends
 * an unpaired surrogate (as a JSON escape, as a hostile client would) in every class of client
 * string, and request ids that cannot be echoed exactly; each is refused with INVALID_FIELD, while
 * a bystander in the same rooms, whose client reads raw frames and decodes them strictly as a
 * browser does ({@link TestClient#violations()}), stays connected and keeps receiving valid frames,
 * and a later joiner logs in. The HTTP inputs of the gateway get 400s with JSON bodies of valid
 * UTF-8. The tables are the point: a new client field belongs in {@link #hostileFields()}.
 */
class HostileTextTest {
  /**
   * What the attacker puts in a string: a high surrogate escape followed by é, no low surrogate.
   */
  private static final String LONE = "\\ud83d\\u00e9";

  private static final String LIVE = "hostile-live";
  private static final String P2P = "hostile-p2p";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static RunningNode node;
  private static int port;

  /**
   * A hostile request: its frame ({@code $} marks the unpaired surrogate) and the field path the
   * error names.
   */
  private record Hostile(String what, boolean fromStranger, String frame, String field) {}

  static List<Hostile> hostileFields() {
    String strangerToken = TestTokens.token("mallory", LIVE, true);
    return List.of(
        new Hostile(
            "room extra info value",
            false,
            "{'type':'setRoomExtraInfo','roomID':'" + LIVE + "','key':'topic','value':'x$y'}",
            "value:"),
        new Hostile(
            "room extra info key",
            false,
            "{'type':'setRoomExtraInfo','roomID':'" + LIVE + "','key':'k$','value':'v'}",
            "key:"),
        new Hostile(
            "user name at login",
            true,
            "{'type':'loginRoom','roomID':'"
                + LIVE
                + "','token':'"
                + strangerToken
                + "','user':{'userID':'mallory','userName':'M$'},'config':{'userUpdate':true}}",
            "user.userName:"),
        new Hostile(
            "stream extra info on publish",
            false,
            "{'type':'startPublishingStream','roomID':'"
                + LIVE
                + "','streamID':'alice-cam2','extraInfo':'$'}",
            "extraInfo:"),
        new Hostile(
            "stream extra info update",
            false,
            "{'type':'setStreamExtraInfo','streamID':'alice-cam','extraInfo':'{\\\"t\\\":\\\"$\\\"}'}",
            "extraInfo:"),
        new Hostile(
            "p2p signal payload value",
            false,
            "{'type':'sendSignal','roomID':'"
                + P2P
                + "','kind':'offer','payload':{'type':'offer','sdp':'v=0 $'}}",
            "payload.sdp:"),
        new Hostile(
            "p2p signal payload field name",
            false,
            "{'type':'sendSignal','roomID':'" + P2P + "','kind':'candidate','payload':{'$':1}}",
            "a field name in payload:"),
        new Hostile(
            "p2p signal payload in nested arrays",
            false,
            "{'type':'sendSignal','roomID':'"
                + P2P
                + "','kind':'candidate','payload':['ok',[1,'$']]}",
            "payload[1][1]:"),
        new Hostile(
            "broadcast message",
            false,
            "{'type':'sendBroadcastMessage','roomID':'" + LIVE + "','message':'$'}",
            "message:"),
        new Hostile(
            "barrage message",
            false,
            "{'type':'sendBarrageMessage','roomID':'" + LIVE + "','message':'$'}",
            "message:"),
        new Hostile(
            "custom command",
            false,
            "{'type':'sendCustomCommand','roomID':'"
                + LIVE
                + "','command':'$','toUserIDs':['bob']}",
            "command:"),
        new Hostile(
            "custom command recipient",
            false,
            "{'type':'sendCustomCommand','roomID':'"
                + LIVE
                + "','command':'hi','toUserIDs':['bob','$']}",
            "toUserIDs[1]:"),
        new Hostile(
            "a field no handler reads", false, "{'type':'heartbeat','x':{'y':['$']}}", "x.y[0]:"),
        new Hostile("a top-level field name", false, "{'type':'heartbeat','$':1}", "a field name:"),
        new Hostile("the request type", false, "{'type':'heart$'}", "type:"),
        new Hostile(
            "a resume token",
            true,
            "{'type':'resume','sessionID':'s','resumeToken':'$'}",
            "resumeToken:"));
  }

  /**
   * A request id as sent, and what the reply must carry: the same value, or null when it is
   * refused.
   */
  private record Id(String raw, Object echoed) {}

  static List<Id> ids() {
    return List.of(
        new Id("1e999", null),
        new Id("1.5", null),
        new Id("1.0", null),
        new Id("-2e-5", null),
        new Id("9007199254740992", null),
        new Id("-9007199254740992", null),
        new Id("123456789012345678901234567890", null),
        new Id("true", null),
        new Id("{}", null),
        new Id("{'a':1}", null),
        new Id("[1]", null),
        new Id("'\\ud800'", null),
        new Id("'a\\udc00'", null),
        new Id("'" + "i".repeat(129) + "'", null),
        new Id("9007199254740991", 9007199254740991L),
        new Id("-9007199254740991", -9007199254740991L),
        new Id("0", 0L),
        new Id("''", ""),
        new Id("'" + "i".repeat(128) + "'", "i".repeat(128)),
        new Id("'h\u00e9 \\ud83d\\ude00 \ud83c\udfa4'", "h\u00e9 \ud83d\ude00 \ud83c\udfa4"));
  }

  @RegisterExtension static final TestNode NODE = new TestNode(Map.of());

  @BeforeAll
  static void start() throws Exception {
    node = NODE.node();
    port = node.httpPort();
  }

  /**
   * Single quotes to double quotes (the tables stay readable), and the unpaired surrogate in place
   * of {@code $}.
   */
  private static String frame(String template, int id) {
    String json = template.replace('\'', '"').replace("$", LONE);
    return "{\"id\":" + id + "," + json.substring(1);
  }

  @Test
  void everyHostileStringIsRefusedAndTheRoomStaysUsable() {
    try (TestClient alice = TestClient.connect(NODE.vertx(), port);
        TestClient bob = TestClient.connect(NODE.vertx(), port);
        TestClient stranger = TestClient.connect(NODE.vertx(), port)) {
      assertTrue(alice.login(LIVE, "alice", true).getBoolean("ok"));
      assertTrue(bob.login(LIVE, "bob", true).getBoolean("ok"));
      JsonObject p2p = new JsonObject().put("mode", "p2p").put("userUpdate", true);
      assertTrue(alice.login(P2P, "alice", p2p).getBoolean("ok"));
      assertTrue(bob.login(P2P, "bob", p2p).getBoolean("ok"));
      assertTrue(
          alice
              .request(
                  "startPublishingStream",
                  new JsonObject().put("roomID", LIVE).put("streamID", "alice-cam"))
              .getBoolean("ok"));
      bob.awaitEvent("roomStreamUpdate", LIVE);

      int id = 10_000;
      for (Hostile h : hostileFields()) {
        TestClient attacker = h.fromStranger() ? stranger : alice;
        JsonObject reply = attacker.sendRaw(frame(h.frame(), ++id));
        assertFalse(reply.getBoolean("ok"), () -> h.what() + " was accepted: " + reply);
        JsonObject error = reply.getJsonObject("error");
        assertEquals(
            ErrorCode.INVALID_FIELD.code(),
            error.getInteger("code"),
            () -> h.what() + ": " + reply);
        assertEquals(
            h.field() + " not valid Unicode text (unpaired surrogate)",
            error.getString("message"),
            h.what());
        assertEquals(id, reply.getInteger("id"), "the reply names the request");
        assertFalse(bob.isClosed(), () -> "the bystander's connection failed after " + h.what());
        assertEquals(List.of(), bob.violations(), () -> "after " + h.what());
      }

      // the attacker's and the bystander's connections still work, and the bystander still gets
      // pushes
      assertTrue(
          alice
              .request(
                  "sendBroadcastMessage",
                  new JsonObject().put("roomID", LIVE).put("message", "still \ud83c\udfa4"))
              .getBoolean("ok"));
      JsonObject message =
          bob.awaitPush(
              p -> "IMRecvBroadcastMessage".equals(p.getString("event")), "the broadcast");
      assertEquals(
          "still \ud83c\udfa4",
          message.getJsonArray("chatData").getJsonObject(0).getString("message"));
      assertTrue(
          alice
              .request(
                  "sendSignal",
                  new JsonObject()
                      .put("roomID", P2P)
                      .put("kind", "offer")
                      .put("payload", new JsonObject().put("sdp", "v=0 \u00e9")))
              .getBoolean("ok"));
      assertEquals(
          "v=0 \u00e9", bob.awaitEvent("p2pSignal", P2P).getJsonObject("payload").getString("sdp"));

      try (TestClient later = TestClient.connect(NODE.vertx(), port)) {
        JsonObject login = later.login(LIVE, "carol", true);
        assertTrue(login.getBoolean("ok"), login::encode);
        assertEquals(
            List.of("alice", "bob"),
            login.getJsonArray("userList").stream()
                .map(u -> ((JsonObject) u).getString("userID"))
                .sorted()
                .toList(),
            "mallory never got in");
        assertEquals(
            new JsonArray(), login.getJsonArray("roomExtraInfoList"), "no extra info was stored");
        assertEquals("", login.getJsonArray("streamList").getJsonObject(0).getString("extraInfo"));
      }
      assertEquals(List.of(), bob.violations());
      assertFalse(bob.isClosed());
    }
  }

  @Test
  void requestIdsAreEchoedExactlyOrRefused() {
    try (TestClient c = TestClient.connect(NODE.vertx(), port)) {
      for (Id id : ids()) {
        String raw = id.raw().replace('\'', '"');
        JsonObject reply = c.sendRaw("{\"id\":" + raw + ",\"type\":\"heartbeat\"}");
        assertTrue(reply.containsKey("id"), () -> "id " + raw + ": " + reply);
        if (id.echoed() == null) {
          assertNull(
              reply.getValue("id"), () -> "id " + raw + " came back as " + reply.getValue("id"));
          JsonObject error = reply.getJsonObject("error");
          assertNotNull(error, () -> "id " + raw + " was accepted: " + reply);
          assertEquals(ErrorCode.INVALID_FIELD.code(), error.getInteger("code"));
          assertEquals(
              "id must be an integer within +-(2^53-1) or a string of at most 128 characters of valid Unicode",
              error.getString("message"));
        } else {
          assertTrue(reply.getBoolean("ok"), () -> "id " + raw + ": " + reply);
          Object echoed = reply.getValue("id");
          Object expected = id.echoed();
          assertEquals(
              expected, echoed instanceof Integer i ? Long.valueOf(i) : echoed, () -> "id " + raw);
        }
      }
    }
  }

  /** One hostile HTTP request and the status and error code it must get. */
  private record HttpCase(
      String what,
      String method,
      String path,
      String contentType,
      byte[] body,
      int status,
      ErrorCode code) {}

  static List<HttpCase> hostileHttp() {
    byte[] notUtf8Sdp =
        "v=0\r\ns=\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1); // é as the lone byte E9
    return List.of(
        json(
            "admin broadcast fromUserName",
            "/v1/rooms/" + LIVE + "/broadcast",
            "{'message':'hi','fromUserName':'$'}"),
        json("admin broadcast message", "/v1/rooms/" + LIVE + "/broadcast", "{'message':'$'}"),
        json("admin barrage message", "/v1/rooms/" + LIVE + "/barrage", "{'message':'x$'}"),
        json(
            "admin kick reason",
            "/v1/rooms/" + LIVE + "/kick",
            "{'userIDs':['nobody'],'reason':'$'}"),
        json(
            "admin body field no route reads",
            "/v1/rooms/" + LIVE + "/broadcast",
            "{'message':'hi','meta':[{'$':1}]}"),
        new HttpCase(
            "admin body not UTF-8",
            "POST",
            "/v1/rooms/" + LIVE + "/broadcast",
            "application/json",
            "{\"message\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1),
            400,
            ErrorCode.MALFORMED_JSON),
        new HttpCase(
            "admin path parameter",
            "GET",
            "/v1/rooms/%ED%A0%BD/users",
            null,
            null,
            400,
            ErrorCode.INVALID_FIELD),
        new HttpCase(
            "admin query parameter",
            "GET",
            "/v1/rooms?limit=%E9",
            null,
            null,
            400,
            ErrorCode.INVALID_FIELD),
        new HttpCase(
            "dev token query parameter",
            "GET",
            "/dev/token?userID=x%E9y&roomID=r",
            null,
            null,
            400,
            ErrorCode.INVALID_FIELD),
        new HttpCase(
            "WHIP SDP body",
            "POST",
            "/whip/s-1",
            "application/sdp",
            notUtf8Sdp,
            400,
            ErrorCode.INVALID_SDP),
        new HttpCase(
            "WHEP SDP body",
            "POST",
            "/whep/s-1",
            "application/sdp",
            notUtf8Sdp,
            400,
            ErrorCode.INVALID_SDP),
        new HttpCase(
            "WHIP path parameter",
            "POST",
            "/whip/%F0%9F%98",
            "application/sdp",
            "v=0\r\n".getBytes(StandardCharsets.UTF_8),
            400,
            ErrorCode.INVALID_FIELD),
        new HttpCase(
            "WHIP resource",
            "DELETE",
            "/whip/s-1/%C0%AF",
            null,
            null,
            400,
            ErrorCode.INVALID_FIELD));
  }

  private static HttpCase json(String what, String path, String template) {
    return new HttpCase(
        what,
        "POST",
        path,
        "application/json",
        template.replace('\'', '"').replace("$", LONE).getBytes(StandardCharsets.UTF_8),
        400,
        ErrorCode.INVALID_FIELD);
  }

  @Test
  void hostileHttpInputsGetAClearErrorInValidUtf8Json() throws Exception {
    try (TestClient member = TestClient.connect(NODE.vertx(), port)) {
      assertTrue(member.login(LIVE + "-http", "dave", true).getBoolean("ok"));
      for (HttpCase h : hostileHttp()) {
        HttpResponse<byte[]> r = send(h);
        String text = Unicode.decodeStrict(r.body());
        assertNotNull(text, () -> h.what() + ": the response body is not valid UTF-8");
        assertEquals(h.status(), r.statusCode(), () -> h.what() + ": " + text);
        assertTrue(
            r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
            h.what());
        JsonObject error = new JsonObject(text).getJsonObject("error");
        assertEquals(h.code().code(), error.getInteger("code"), () -> h.what() + ": " + text);
      }
      assertEquals(List.of(), member.violations());
    }
  }

  /** WHIP/WHEP take a user's token (checked before the body is read), the admin API its secret. */
  private static String authorization(String path) {
    return path.startsWith("/whip") || path.startsWith("/whep")
        ? "Bearer " + TestTokens.token("dave", LIVE + "-http", true)
        : TestTokens.admin();
  }

  private static HttpResponse<byte[]> send(HttpCase h) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + h.path()))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", authorization(h.path()))
            .method(
                h.method(),
                h.body() == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(h.body()));
    if (h.contentType() != null) {
      b.header("Content-Type", h.contentType());
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }
}
