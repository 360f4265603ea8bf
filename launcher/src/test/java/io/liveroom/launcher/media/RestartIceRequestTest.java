package io.liveroom.launcher.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNodes;
import io.liveroom.media.engine.MediaTestPeer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code restartIce} request through a real in-process node: new ICE credentials on the same
 * publisher peer (no state pushes, no new stream), unchanged ones answered as they are, and the
 * refusals (not publishing/playing it, a bad kind, a changed fingerprint). The restart with media,
 * in Chromium, is {@link ConnectivityIT}.
 */
class RestartIceRequestTest {
  private static final Pattern UFRAG = Pattern.compile("a=ice-ufrag:(\\S+)");
  private static RunningNode node;
  private static Vertx clients;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start(Map.of());
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().await(10, TimeUnit.SECONDS);
    node.stop().await(20, TimeUnit.SECONDS);
  }

  private static String ufrag(String sdp) {
    Matcher m = UFRAG.matcher(sdp);
    assertTrue(m.find(), sdp);
    return m.group(1);
  }

  @Test
  void aPublisherRestartsIceOnItsPeerAndMistakesAreRefused() throws Exception {
    TestClient a = TestClient.connect(clients, node.httpPort());
    try (MediaTestPeer pub = MediaTestPeer.create()) {
      assertTrue(a.login("ice-room", "alice", false).getBoolean("ok"));
      String offer = pub.publishOffer();
      JsonObject published =
          a.request(
              "startPublishingStream",
              new JsonObject()
                  .put("roomID", "ice-room")
                  .put("streamID", "ice-cam")
                  .put("sdp", offer));
      assertTrue(published.getBoolean("ok"), published::encode);
      String nodeUfrag = ufrag(published.getString("sdp"));
      assertTrue(
          published.getString("sdp").contains("tcptype passive"),
          "an ICE-TCP candidate is offered");

      JsonObject same =
          a.request(
              "restartIce",
              new JsonObject().put("streamID", "ice-cam").put("kind", "publish").put("sdp", offer));
      assertTrue(same.getBoolean("ok"), same::encode);
      assertEquals(nodeUfrag, ufrag(same.getString("sdp")), "unchanged credentials: no restart");

      String clientUfrag = ufrag(offer);
      String restartOffer =
          offer
              .replace("a=ice-ufrag:" + clientUfrag, "a=ice-ufrag:rst" + clientUfrag)
              .replaceAll("a=ice-pwd:(\\S+)", "a=ice-pwd:restartedpassword0123456");
      JsonObject restarted =
          a.request(
              "restartIce",
              new JsonObject()
                  .put("streamID", "ice-cam")
                  .put("kind", "publish")
                  .put("sdp", restartOffer));
      assertTrue(restarted.getBoolean("ok"), restarted::encode);
      assertEquals("ice-cam", restarted.getString("streamID"));
      assertEquals("publish", restarted.getString("kind"));
      assertNotEquals(nodeUfrag, ufrag(restarted.getString("sdp")), "the node's new credentials");

      assertEquals(
          "MEDIA_PEER_NOT_FOUND",
          error(
              a.request(
                  "restartIce",
                  new JsonObject()
                      .put("streamID", "ice-cam")
                      .put("kind", "play")
                      .put("sdp", restartOffer))),
          "alice does not play it");
      assertEquals(
          "MEDIA_PEER_NOT_FOUND",
          error(
              a.request(
                  "restartIce",
                  new JsonObject()
                      .put("streamID", "other")
                      .put("kind", "publish")
                      .put("sdp", restartOffer))));
      assertEquals(
          "INVALID_FIELD",
          error(
              a.request(
                  "restartIce",
                  new JsonObject()
                      .put("streamID", "ice-cam")
                      .put("kind", "both")
                      .put("sdp", restartOffer))));
      String otherCertificate =
          restartOffer.replaceAll(
              "a=fingerprint:sha-256 \\S+",
              "a=fingerprint:sha-256 "
                  + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
      assertEquals(
          "INVALID_SDP",
          error(
              a.request(
                  "restartIce",
                  new JsonObject()
                      .put("streamID", "ice-cam")
                      .put("kind", "publish")
                      .put("sdp", otherCertificate))));
      assertTrue(
          a.pushes("publisherStateUpdate").stream()
              .noneMatch(p -> "NO_PUBLISH".equals(p.getString("state"))),
          "the publisher was never closed");
    } finally {
      a.close();
    }
  }

  private static String error(JsonObject reply) {
    assertFalse(reply.getBoolean("ok"), reply::encode);
    return reply.getJsonObject("error").getString("name");
  }
}
