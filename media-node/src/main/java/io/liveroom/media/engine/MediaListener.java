package io.liveroom.media.engine;

/**
 * What the engine tells the control plane. Called on engine threads (never an event loop):
 * hop to your own context before touching non-thread-safe state. Must not block.
 */
public interface MediaListener {
  /** ICE and DTLS are up: media flows (PUBLISHING / PLAYING). */
  default void onPeerConnected(PeerInfo peer) {}

  /** The peer is gone for good (NO_PUBLISH / NO_PLAY); called once per peer. */
  default void onPeerClosed(PeerInfo peer, CloseReason reason) {}

  MediaListener NONE = new MediaListener() {};
}
