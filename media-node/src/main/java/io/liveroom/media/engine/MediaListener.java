package io.liveroom.media.engine;

import java.util.List;

/**
 * What the engine tells the control plane. Called on engine threads (never an event loop): hop to
 * your own context before touching non-thread-safe state. Must not block.
 */
public interface MediaListener {
  /** ICE and DTLS are up: media flows (PUBLISHING / PLAYING). */
  default void onPeerConnected(PeerInfo peer) {}

  /** The peer is gone for good (NO_PUBLISH / NO_PLAY); called once per peer. */
  default void onPeerClosed(PeerInfo peer, CloseReason reason) {}

  /**
   * The publishers' audio levels (RFC 6464, as ZEGO soundLevel 0..100) of the streams whose level
   * changed, at most once per {@code media.audioLevelIntervalMs}; a stream that fell silent is
   * reported once with 0.
   */
  default void onAudioLevels(List<AudioLevel> levels) {}

  MediaListener NONE = new MediaListener() {};
}
