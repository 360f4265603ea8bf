package io.liveroom.gateway.requests;

import io.liveroom.gateway.requests.MediaRequests.Peer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The WebRTC peers of this gateway's sessions, by peer id (the tracking behind MediaRequests). */
final class MediaPeers {
  private final Map<String, Peer> peers = new HashMap<>();

  void put(String peerId, Peer peer) {
    peers.put(peerId, peer);
  }

  /** The tracked peer {@code peerId}, or null. */
  Peer get(String peerId) {
    return peers.get(peerId);
  }

  /** Stops tracking {@code peerId}; yields its peer, or null. */
  Peer remove(String peerId) {
    return peers.remove(peerId);
  }

  /** A copy of the tracked entries, safe to iterate while removing. */
  List<Map.Entry<String, Peer>> snapshot() {
    return List.copyOf(peers.entrySet());
  }

  /** The tracked peers (a live view). */
  Collection<Peer> all() {
    return peers.values();
  }

  /**
   * The id of a session's publisher peer of {@code streamId}, or null when it publishes no media
   * here.
   */
  String publisherOf(String sessionId, String streamId) {
    return find(true, sessionId, streamId);
  }

  /** The id of a session's player peer of {@code streamId}, or null when it plays none here. */
  String playerOf(String sessionId, String streamId) {
    return find(false, sessionId, streamId);
  }

  private String find(boolean publisher, String sessionId, String streamId) {
    for (Map.Entry<String, Peer> e : peers.entrySet()) {
      Peer peer = e.getValue();
      if (peer.publisher() == publisher
          && peer.sessionId().equals(sessionId)
          && peer.streamId().equals(streamId)) {
        return e.getKey();
      }
    }
    return null;
  }
}
