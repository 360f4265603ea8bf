package io.liveroom.infra.contracts;

/**
 * Published by a media node when a peer's media starts flowing ({@code state} CONNECTED: PUBLISHING
 * / PLAYING) or the peer is gone for good (CLOSED: NO_PUBLISH / NO_PLAY). {@code role} is PUBLISHER
 * or PLAYER; for CLOSED, {@code reason} is STOPPED, PUBLISHER_GONE, ICE_FAILED, CONNECT_TIMEOUT,
 * CONSENT_EXPIRED, DTLS_FAILED or SHUTDOWN and {@code errorCode} the matching {@link ErrorCode}
 * code (0 for an orderly stop).
 */
public record MediaPeerUpdated(
    String nodeId,
    String peerId,
    String streamId,
    String role,
    String state,
    String reason,
    int errorCode) {}
