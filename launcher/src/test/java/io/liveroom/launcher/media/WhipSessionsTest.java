package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestTokens;
import io.liveroom.media.engine.MediaTestPeer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WHIP and WHEP with a non-browser WebRTC client (the media node's Java ICE + DTLS + SRTP test
 * client) against a real in-process node: a WHIP resource is an extra media session of its user,
 * never a duplicate login; a second POST of a live streamID is 409 and leaves the first publisher
 * alone; resources the node ended are gone from the gateway (their DELETE is 404).
 */
class WhipSessionsTest {
  private static RunningNode node;
  private static int port;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<MediaTestPeer> encoders = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "whip-test-rtp");
            t.setDaemon(true);
            return t;
          });

  @RegisterExtension
  static final TestNode NODE = new TestNode(Map.of("media.peerTimeoutMs", "3000"));

  @BeforeAll
  static void start() throws Exception {
    node = NODE.node();
    port = node.httpPort();
  }

  WhipSessionsTest() {
    sender.scheduleAtFixedRate(
        () -> { // every connected encoder sends audio every 20 ms, as an encoder would
          for (MediaTestPeer peer : encoders) {
            if (peer.connected()) {
              try {
                peer.sendAudio();
              } catch (IOException | RuntimeException e) {
                // closed by the test
              }
            }
          }
        },
        20,
        20,
        TimeUnit.MILLISECONDS);
  }

  @AfterEach
  void closeAll() throws Exception {
    sender.shutdownNow();
    for (AutoCloseable c : closing) {
      c.close();
    }
  }

  private record Resource(int status, String location, String body) {}

  private static Resource post(String kind, String streamId, String token, String offer)
      throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/" + kind + "/" + streamId))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/sdp")
                .timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString(offer))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Resource(r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
  }

  private static int delete(String location) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + location))
                .timeout(Duration.ofSeconds(15))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private MediaTestPeer peer() {
    MediaTestPeer peer = MediaTestPeer.create();
    closing.add(peer);
    return peer;
  }

  /** POST /whip with a fresh client that connects and sends audio; asserts 201. */
  private Resource publish(String streamId, String token) throws Exception {
    MediaTestPeer encoder = peer();
    Resource created = post("whip", streamId, token, encoder.publishOffer());
    assertEquals(201, created.status(), created::body);
    encoder.accept(created.body());
    encoders.add(encoder);
    return created;
  }

  private TestClient member(String room, String user) {
    TestClient c = TestClient.connect(NODE.vertx(), port);
    closing.add(c);
    assertTrue(c.login(room, user, true).getBoolean("ok"));
    return c;
  }

  private static JsonObject awaitStream(TestClient c, String type, String streamId) {
    return c.awaitPush(
        p ->
            "roomStreamUpdate".equals(p.getString("event"))
                && type.equals(p.getString("updateType"))
                && p.getJsonArray("streamList").stream()
                    .anyMatch(s -> streamId.equals(((JsonObject) s).getString("streamID"))),
        type + " of " + streamId);
  }

  /**
   * The member plays the stream over the WebSocket with its own client and gets media from the
   * node.
   */
  private void playsMedia(TestClient c, String streamId) throws Exception {
    MediaTestPeer player = peer();
    JsonObject played =
        c.request(
            "startPlayingStream",
            new JsonObject().put("streamID", streamId).put("sdp", player.playOffer()));
    assertTrue(played.getBoolean("ok"), played::encode);
    player.accept(played.getString("sdp"));
    assertTrue(
        player.receivedWithin(10_000),
        () -> "no media of " + streamId + " reached a player: " + player.failure());
  }

  private static List<String> listedStreams(String room) {
    try (TestClient fresh = TestClient.connect(NODE.vertx(), port)) {
      JsonArray list =
          fresh.login(room, "lister-" + System.nanoTime(), true).getJsonArray("streamList");
      return list.stream().map(s -> ((JsonObject) s).getString("streamID")).toList();
    }
  }

  private static void noDeletes(TestClient c) {
    assertTrue(
        c.pushes("roomStreamUpdate").stream()
            .noneMatch(p -> "DELETE".equals(p.getString("updateType"))),
        () -> "a stream went: " + c.pushes("roomStreamUpdate"));
    assertTrue(
        c.pushes("roomUserUpdate").stream()
            .noneMatch(p -> "DELETE".equals(p.getString("updateType"))),
        () -> "a user went: " + c.pushes("roomUserUpdate"));
  }

  @Test
  void aRetryPostOfALiveStreamIsRefusedAndTheFirstPublisherKeepsFlowing() throws Exception {
    TestClient watcher = member("wa", "watcher");
    String token = TestTokens.token("encoder", "wa", true);
    publish("enc-cam", token);
    awaitStream(watcher, "ADD", "enc-cam");

    MediaTestPeer retry = peer();
    Resource again = post("whip", "enc-cam", token, retry.publishOffer());
    assertEquals(409, again.status(), again::body);
    assertEquals(
        ErrorCode.STREAM_ID_TAKEN.code(),
        new JsonObject(again.body()).getJsonObject("error").getInteger("code"),
        again::body);

    playsMedia(watcher, "enc-cam");
    assertEquals(List.of("enc-cam"), listedStreams("wa"));
    noDeletes(watcher);
  }

  @Test
  void aSecondWhipStreamOfTheSameUserKeepsTheFirst() throws Exception {
    TestClient watcher = member("wb", "watcher");
    String token = TestTokens.token("caster", "wb", true);
    publish("caster-cam", token);
    awaitStream(watcher, "ADD", "caster-cam");
    publish("caster-screen", token);
    awaitStream(watcher, "ADD", "caster-screen");

    playsMedia(watcher, "caster-cam");
    playsMedia(watcher, "caster-screen");
    assertEquals(List.of("caster-cam", "caster-screen"), listedStreams("wb"));
    noDeletes(watcher);
  }

  @Test
  void aWebSocketUserWhoAlsoPublishesOverWhipIsNotKicked() throws Exception {
    TestClient watcher = member("wc", "watcher");
    TestClient user = member("wc", "both");
    Resource whip = publish("both-cam", TestTokens.token("both", "wc", true));
    awaitStream(watcher, "ADD", "both-cam");

    playsMedia(watcher, "both-cam");
    JsonObject stillIn =
        user.request(
            "setRoomExtraInfo",
            new JsonObject().put("roomID", "wc").put("key", "k").put("value", "v"));
    assertTrue(stillIn.getBoolean("ok"), () -> "the WebSocket session lost its room: " + stillIn);
    assertTrue(
        user.pushes("roomStateChanged").stream()
            .noneMatch(p -> "KICKOUT".equals(p.getString("reason"))),
        () -> "kicked: " + user.pushes("roomStateChanged"));
    noDeletes(watcher);

    assertEquals(200, delete(whip.location()));
    awaitStream(watcher, "DELETE", "both-cam");
    JsonObject afterDelete =
        user.request(
            "setRoomExtraInfo",
            new JsonObject().put("roomID", "wc").put("key", "k").put("value", "w"));
    assertTrue(
        afterDelete.getBoolean("ok"),
        () -> "ending the WHIP resource took the user's login: " + afterDelete);
  }

  @Test
  void resourcesTheNodeEndedAreGoneAndTheirDeleteIs404() throws Exception {
    TestClient watcher = member("wd", "watcher");
    MediaTestPeer encoder = peer();
    Resource whip =
        post("whip", "d-cam", TestTokens.token("d-caster", "wd", true), encoder.publishOffer());
    assertEquals(201, whip.status(), whip::body);
    encoder.accept(whip.body());
    encoders.add(encoder);
    awaitStream(watcher, "ADD", "d-cam");

    MediaTestPeer viewer = peer();
    Resource whep =
        post("whep", "d-cam", TestTokens.token("viewer", "wd", false), viewer.playOffer());
    assertEquals(201, whep.status(), whep::body);
    assertNotNull(whep.location());
    viewer.accept(whep.body());
    assertTrue(
        viewer.receivedWithin(10_000),
        () -> "no media reached the WHEP player: " + viewer.failure());
    assertEquals(
        404,
        delete(whep.location().replace("/whep/d-cam/", "/whep/other-cam/")),
        "another stream's resource");

    // the encoder goes away without a DELETE (DTLS close): the node closes its players
    // (PUBLISHER_GONE),
    // then the publisher; once the gateway handled the publisher's close the WHIP user leaves the
    // room
    encoders.remove(encoder);
    encoder.close();
    watcher.awaitPush(
        p ->
            "roomUserUpdate".equals(p.getString("event"))
                && "DELETE".equals(p.getString("updateType"))
                && "d-caster"
                    .equals(p.getJsonArray("userList").getJsonObject(0).getString("userID")),
        "d-caster leaving");
    assertEquals(404, delete(whep.location()), "the WHEP resource the node ended is still held");
    assertEquals(404, delete(whip.location()), "the WHIP resource the node ended is still held");
  }
}
