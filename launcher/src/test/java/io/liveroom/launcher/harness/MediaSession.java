package io.liveroom.launcher.harness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.engine.MediaTestPeer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One publisher and one player of a stream through the gateways with the Java WebRTC client, as the
 * SDK would drive them: publish (audio every 20 ms once connected), play on the ADD, and after a
 * node loss publish and play again. Every step asserts that media actually arrives.
 */
public final class MediaSession implements AutoCloseable {
  private final TestClient publisher;
  private final TestClient player;
  private final String room;
  private final String stream;
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scaleout-rtp");
            t.setDaemon(true);
            return t;
          });
  private volatile MediaTestPeer sending;
  private MediaTestPeer playing;

  private MediaSession(TestClient publisher, TestClient player, String room, String stream) {
    this.publisher = publisher;
    this.player = player;
    this.room = room;
    this.stream = stream;
    sender.scheduleAtFixedRate(this::send, 20, 20, TimeUnit.MILLISECONDS);
  }

  public static MediaSession start(
      TestClient publisher, TestClient player, String room, String stream) throws Exception {
    MediaSession s = new MediaSession(publisher, player, room, stream);
    s.publishAndPlay();
    return s;
  }

  private void send() {
    MediaTestPeer peer = sending;
    if (peer != null && peer.connected()) {
      try {
        peer.sendAudio();
      } catch (IOException | RuntimeException e) {
        // the node went away: the next publish replaces the peer
      }
    }
  }

  /**
   * After NO_PUBLISH / NO_PLAY: new peers, publish the same streamID again, play again on the ADD.
   */
  public void republishAndReplay() throws Exception {
    closePeers();
    publishAndPlay();
  }

  private void publishAndPlay() throws Exception {
    MediaTestPeer pub = MediaTestPeer.create();
    JsonObject published =
        publisher.request(
            "startPublishingStream",
            new JsonObject()
                .put("roomID", room)
                .put("streamID", stream)
                .put("sdp", pub.publishOffer()));
    assertTrue(published.getBoolean("ok"), published::encode);
    pub.accept(published.getString("sdp"));
    sending = pub;
    publisher.awaitPush(
        p ->
            "publisherStateUpdate".equals(p.getString("event"))
                && "PUBLISHING".equals(p.getString("state")),
        "PUBLISHING of " + stream);
    JsonObject add =
        player.awaitPush(
            p ->
                "roomStreamUpdate".equals(p.getString("event"))
                    && "ADD".equals(p.getString("updateType")),
            "ADD of " + stream);
    assertTrue(
        add.getJsonArray("streamList").getJsonObject(0).getString("streamID").equals(stream),
        add::encode);
    playing = MediaTestPeer.create();
    JsonObject played =
        player.request(
            "startPlayingStream",
            new JsonObject().put("streamID", stream).put("sdp", playing.playOffer()));
    assertTrue(played.getBoolean("ok"), played::encode);
    playing.accept(played.getString("sdp"));
    assertTrue(
        playing.receivedWithin(10_000),
        () -> "no media reached the player of " + stream + ": " + playing.failure());
  }

  private void closePeers() {
    MediaTestPeer pub = sending;
    sending = null;
    if (pub != null) {
      pub.close();
    }
    if (playing != null) {
      playing.close();
    }
  }

  @Override
  public void close() {
    sender.shutdownNow();
    closePeers();
  }
}
