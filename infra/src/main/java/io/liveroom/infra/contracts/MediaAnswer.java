package io.liveroom.infra.contracts;

/**
 * The node's SDP answer; {@code peerId} names the new peer for {@link MediaStop} and in {@link
 * MediaPeerUpdated}.
 */
public record MediaAnswer(String nodeId, String peerId, String streamId, String answerSdp) {}
