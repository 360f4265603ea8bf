package io.liveroom.media.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.media.sdp.SdpParser;
import io.liveroom.media.sdp.SessionDescription;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SFU load tool's Janus peer without Janus: the players' answer to a Janus-like offer, the
 * answerer's ICE-controlled/DTLS path against a lightweight offerer on loopback, and the VideoRoom
 * HTTP API client against a small local server that speaks Janus's protocol (acks, events on the
 * long poll matched by transaction, errors).
 */
class JanusPeerTest {
  /** The shape of Janus 1.1's VideoRoom subscriber offer (audio + video + data channel). */
  static final String JANUS_OFFER =
      "v=0\r\n"
          + "o=- 1733600000000000 1 IN IP4 10.213.0.1\r\n"
          + "s=VideoRoom 1234\r\n"
          + "t=0 0\r\n"
          + "a=group:BUNDLE 0 1 2\r\n"
          + "a=ice-options:trickle\r\n"
          + "a=fingerprint:sha-256 6C:E8:31:F2:F8:55:EC:C0:9C:24:18:6B:7D:50:AD:F8:00:41:32:E7:B0"
          + ":76:41:F9:2A:A0:55:F9:A5:6D:45:6E\r\n"
          + "a=extmap-allow-mixed\r\n"
          + "a=msid-semantic: WMS *\r\n"
          + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
          + "c=IN IP4 10.213.0.1\r\n"
          + "a=sendonly\r\n"
          + "a=mid:0\r\n"
          + "a=rtcp-mux\r\n"
          + "a=ice-ufrag:JnUs\r\n"
          + "a=ice-pwd:janusjanusjanusjanus01\r\n"
          + "a=ice-options:trickle\r\n"
          + "a=setup:actpass\r\n"
          + "a=rtpmap:111 opus/48000/2\r\n"
          + "a=fmtp:111 useinbandfec=1\r\n"
          + "a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
          + "a=msid:janus janusa0\r\n"
          + "a=ssrc:3305166545 cname:janus\r\n"
          + "a=candidate:1 1 udp 2015363327 10.213.0.1 20154 typ host\r\n"
          + "a=end-of-candidates\r\n"
          + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"
          + "c=IN IP4 10.213.0.1\r\n"
          + "a=sendonly\r\n"
          + "a=mid:1\r\n"
          + "a=rtcp-mux\r\n"
          + "a=ice-ufrag:JnUs\r\n"
          + "a=ice-pwd:janusjanusjanusjanus01\r\n"
          + "a=ice-options:trickle\r\n"
          + "a=setup:actpass\r\n"
          + "a=rtpmap:96 VP8/90000\r\n"
          + "a=rtcp-fb:96 ccm fir\r\n"
          + "a=rtcp-fb:96 nack\r\n"
          + "a=rtcp-fb:96 nack pli\r\n"
          + "a=rtcp-fb:96 goog-remb\r\n"
          + "a=rtpmap:97 rtx/90000\r\n"
          + "a=fmtp:97 apt=96\r\n"
          + "a=ssrc-group:FID 2860139458 1730513893\r\n"
          + "a=ssrc:2860139458 cname:janus\r\n"
          + "a=ssrc:1730513893 cname:janus\r\n"
          + "a=candidate:1 1 udp 2015363327 10.213.0.1 20154 typ host\r\n"
          + "a=end-of-candidates\r\n"
          + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
          + "c=IN IP4 10.213.0.1\r\n"
          + "a=sendrecv\r\n"
          + "a=sctp-port:5000\r\n"
          + "a=mid:2\r\n";

  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void answersJanusOfferReceiveOnlyWithItsMidsAndFirstCodecs() {
    String sdp =
        LightPlayers.answerSdp(
            SdpParser.parse(JANUS_OFFER), "uFrg", "p".repeat(24), "AA:BB", "10.213.0.1", 40000);
    SessionDescription answer = SdpParser.parse(sdp);
    assertEquals("active", answer.setup(), sdp);
    assertEquals(List.of("0", "1"), answer.bundleMids(), sdp);
    assertEquals("uFrg", answer.iceUfrag());
    assertEquals("AA:BB", answer.fingerprint().value());
    assertEquals(3, answer.media().size(), sdp);
    SessionDescription.Media audio = answer.media().get(0);
    SessionDescription.Media video = answer.media().get(1);
    SessionDescription.Media data = answer.media().get(2);
    assertEquals("0", audio.mid());
    assertEquals("recvonly", audio.direction());
    assertEquals(111, audio.codecs().get(0).payloadType());
    assertEquals(2, audio.codecs().get(0).channels());
    assertEquals("useinbandfec=1", audio.codecs().get(0).fmtp());
    assertEquals("1", video.mid());
    assertEquals("recvonly", video.direction());
    assertEquals(1, video.codecs().size(), "only the first codec, no rtx: " + sdp);
    assertTrue(video.codecs().get(0).is("VP8"));
    assertTrue(video.codecs().get(0).feedback().contains("nack pli"), sdp);
    assertTrue(video.rtcpMux());
    SessionDescription.Candidate c = video.candidates().get(0);
    assertEquals("10.213.0.1", c.address());
    assertEquals(40000, c.port());
    assertEquals(0, data.port(), "data channel rejected: " + sdp);
    assertEquals("2", data.mid());
  }

  /**
   * A player answering an offer (as it answers Janus's) against a lightweight offerer on loopback:
   * the offerer sends ICE-controlling checks and takes the DTLS server role from the answer's
   * {@code setup:active}; the answerer answers the checks and completes DTLS as the client.
   */
  @Test
  void answererCompletesIceAndDtlsAsControlledClient() throws Exception {
    try (LightPlayers offerers = new LightPlayers();
        LightPlayers answerers = new LightPlayers()) {
      LightPlayers.Player offerer = offerers.newPlayer((b, off, len, at) -> {});
      LightPlayers.Player answerer = answerers.newPlayer((b, off, len, at) -> {});
      String answer = answerer.answer(offerer.offer(111, 96));
      assertEquals("active", SdpParser.parse(answer).setup());
      offerer.accept(answer);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!(offerer.connected() && answerer.connected()) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(answerer.connected(), "answerer (ICE-controlled DTLS client) connected");
      assertTrue(offerer.connected(), "offerer (DTLS server) connected");
      offerer.close();
      answerer.close();
    }
  }

  @Test
  void videoRoomClientFollowsJanusProtocol() throws Exception {
    FakeJanus janus = new FakeJanus(vertx);
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(janus::handle)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    JanusVideoRoom room = new JanusVideoRoom("http://127.0.0.1:" + server.actualPort() + "/janus");
    assertEquals(janus.createdRoom, room.room());
    assertEquals("ANSWER-SDP", room.publish("OFFER-SDP"));
    JsonObject join = janus.messages.get(1);
    assertEquals("joinandconfigure", join.getJsonObject("body").getString("request"));
    assertEquals("publisher", join.getJsonObject("body").getString("ptype"));
    assertEquals("OFFER-SDP", join.getJsonObject("jsep").getString("sdp"));

    JanusVideoRoom.Subscription s = room.subscribe();
    assertEquals(JANUS_OFFER, s.offer());
    JsonObject sub = janus.messages.get(2).getJsonObject("body");
    assertEquals("subscriber", sub.getString("ptype"));
    assertEquals(FakeJanus.FEED, sub.getJsonArray("streams").getJsonObject(0).getLong("feed"));
    room.start(s.handle(), "SUBSCRIBER-ANSWER");
    JsonObject start = janus.messages.get(3);
    assertEquals("start", start.getJsonObject("body").getString("request"));
    assertEquals("answer", start.getJsonObject("jsep").getString("type"));
    assertEquals(s.handle(), start.getLong("handle"));

    janus.failJoins = true;
    IOException e = assertThrows(IOException.class, room::subscribe);
    assertTrue(e.getMessage().contains("No such feed"), e.getMessage());
    room.detach(s.handle());
    room.close();
    assertTrue(janus.detached.contains(s.handle()), "detached " + janus.detached);
    assertTrue(janus.destroyed, "session destroyed");
    assertFalse(janus.badRequests > 0, "requests without a transaction: " + janus.badRequests);
  }

  /**
   * Janus's HTTP API in miniature: one session, handles, VideoRoom create (synchronous) and
   * joinandconfigure/join/start (ack, then an event with the request's transaction on the long
   * poll, queued before the ack as Janus may do), keepalive when the poll times out.
   */
  static final class FakeJanus {
    static final long SESSION = 77;
    static final long FEED = 4242;
    final List<JsonObject> messages = new CopyOnWriteArrayList<>();
    final List<Long> detached = new CopyOnWriteArrayList<>();
    final ArrayDeque<JsonObject> events = new ArrayDeque<>();
    volatile long createdRoom;
    volatile boolean failJoins;
    volatile boolean destroyed;
    volatile int badRequests;
    private final Vertx vertx;
    private long nextHandle = 100;
    private HttpServerResponse waiting;

    FakeJanus(Vertx vertx) {
      this.vertx = vertx;
    }

    void handle(HttpServerRequest req) {
      if (req.method().name().equals("GET")) {
        if (!req.path().equals("/janus/" + SESSION)) {
          req.response().setStatusCode(404).end();
          return;
        }
        waiting = req.response();
        flush();
        HttpServerResponse mine = waiting;
        vertx.setTimer(
            300,
            t -> {
              if (waiting == mine) {
                waiting = null;
                mine.end(new JsonArray().add(new JsonObject().put("janus", "keepalive")).encode());
              }
            });
        return;
      }
      req.body()
          .onSuccess(
              b -> {
                JsonObject m = b.toJsonObject();
                String tx = m.getString("transaction");
                if (tx == null) {
                  badRequests++;
                }
                String[] path = req.path().split("/");
                req.response().end(reply(m, tx, path).encode());
              });
    }

    private JsonObject reply(JsonObject m, String tx, String[] path) {
      JsonObject ok = new JsonObject().put("janus", "success").put("transaction", tx);
      switch (m.getString("janus")) {
        case "create":
          return ok.put("data", new JsonObject().put("id", SESSION));
        case "attach":
          return ok.put("data", new JsonObject().put("id", nextHandle++));
        case "destroy":
          destroyed = true;
          return ok;
        case "detach":
          detached.add(Long.parseLong(path[3]));
          return ok;
        case "message":
          long handle = Long.parseLong(path[3]);
          messages.add(m.copy().put("handle", handle));
          return message(m, tx, handle);
        default:
          return new JsonObject().put("janus", "error").put("transaction", tx);
      }
    }

    private JsonObject message(JsonObject m, String tx, long handle) {
      JsonObject body = m.getJsonObject("body");
      JsonObject data = new JsonObject();
      JsonObject jsep = null;
      switch (body.getString("request")) {
        case "create" -> {
          createdRoom = body.getLong("room");
          return new JsonObject()
              .put("janus", "success")
              .put("transaction", tx)
              .put("sender", handle)
              .put("plugindata", plugin(data.put("videoroom", "created").put("room", createdRoom)));
        }
        case "joinandconfigure" -> {
          data.put("videoroom", "joined").put("id", FEED);
          jsep = new JsonObject().put("type", "answer").put("sdp", "ANSWER-SDP");
        }
        case "join" -> {
          if (failJoins) {
            data.put("videoroom", "event").put("error_code", 428).put("error", "No such feed");
          } else {
            data.put("videoroom", "attached");
            jsep = new JsonObject().put("type", "offer").put("sdp", JANUS_OFFER);
          }
        }
        case "start" -> data.put("videoroom", "event").put("started", "ok");
        default -> data.put("error_code", 499).put("error", "unknown request");
      }
      JsonObject event =
          new JsonObject()
              .put("janus", "event")
              .put("session_id", SESSION)
              .put("sender", handle)
              .put("transaction", tx)
              .put("plugindata", plugin(data));
      if (jsep != null) {
        event.put("jsep", jsep);
      }
      // an unrelated event first: the client must skip it
      events.add(new JsonObject().put("janus", "webrtcup").put("sender", handle));
      events.add(event);
      flush();
      return new JsonObject().put("janus", "ack").put("session_id", SESSION).put("transaction", tx);
    }

    private static JsonObject plugin(JsonObject data) {
      return new JsonObject().put("plugin", "janus.plugin.videoroom").put("data", data);
    }

    private void flush() {
      if (waiting != null && !events.isEmpty()) {
        JsonArray batch = new JsonArray();
        while (!events.isEmpty()) {
          batch.add(events.poll());
        }
        HttpServerResponse r = waiting;
        waiting = null;
        r.end(batch.encode());
      }
    }
  }
}
