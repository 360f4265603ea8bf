package io.liveroom.media.engine;

/** Which way media flows for a peer. */
public enum PeerRole {
  PUBLISHER,
  PLAYER
}
