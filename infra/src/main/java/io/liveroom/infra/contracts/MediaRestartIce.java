package io.liveroom.infra.contracts;

/**
 * An ICE restart of peer {@code peerId} on its media node: the client's new offer with new ICE
 * credentials (same m-lines, same DTLS fingerprint); replied with {@link MediaAnswer} carrying the
 * node's new credentials. The peer keeps its DTLS/SRTP session and stream.
 */
public record MediaRestartIce(String peerId, String offerSdp) {}
