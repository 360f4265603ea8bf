package io.liveroom.media.engine;

/** The result of publish/play: the new peer's id (for stop) and the SDP answer for the client. */
public record MediaSession(String peerId, String streamId, PeerRole role, String answerSdp) {}
