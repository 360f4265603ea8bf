package io.liveroom.infra.contracts;

/**
 * P2P signaling: an offer, answer or candidate from one member of a p2p room to the other (or to
 * {@code toUserId}). {@code payload} is the client's JSON, passed through untouched.
 */
public record RelaySignal(
    String roomId,
    String fromUserId,
    String fromSessionId,
    String toUserId,
    String kind,
    String payload) {}
