package io.liveroom.media.engine;

/** A peer as the control plane sees it. */
public record PeerInfo(String peerId, String streamId, PeerRole role) {}
