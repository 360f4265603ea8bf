package io.liveroom.gateway.requests;

import io.liveroom.gateway.requests.MediaRequests.Peer;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.session.SessionRegistry;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.infra.contracts.MediaAudioLevels;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** Delivers the media nodes' audio levels to the sessions playing those streams. */
final class SoundLevels {
  private final MediaPeers peers;
  private final SessionRegistry sessions;

  SoundLevels(MediaPeers peers, SessionRegistry sessions) {
    this.peers = peers;
    this.sessions = sessions;
  }

  /**
   * A media node's audio levels (already throttled there, at most every 200 ms): each session
   * playing one of those streams from that node gets one {@code soundLevelUpdate} with its streams.
   */
  void soundLevels(MediaAudioLevels levels) {
    Map<String, Integer> byStream = new HashMap<>();
    levels.levels().forEach(l -> byStream.put(l.streamId(), l.soundLevel()));
    Map<String, JsonArray> bySession = new HashMap<>();
    for (Peer peer : peers.all()) {
      Integer level =
          peer.publisher() || !peer.nodeId().equals(levels.nodeId())
              ? null
              : byStream.get(peer.streamId());
      if (level != null) {
        bySession
            .computeIfAbsent(peer.sessionId(), k -> new JsonArray())
            .add(new JsonObject().put("streamID", peer.streamId()).put("soundLevel", level));
      }
    }
    bySession.forEach(
        (sessionId, list) -> {
          Session session = sessions.get(sessionId);
          if (session != null) {
            session.send(Protocol.push("soundLevelUpdate").put("soundLevels", list).encode());
          }
        });
  }
}
