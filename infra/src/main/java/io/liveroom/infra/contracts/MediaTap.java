package io.liveroom.infra.contracts;

/**
 * Asks the media node forwarding {@code streamId} to copy the stream's decrypted RTP (one video and
 * one audio source) as plain RTP over UDP to {@code host}:{@code videoPort} / {@code audioPort};
 * sent again to renew it (a tap not renewed for {@code leaseMs} is dropped). Replied with {@link
 * MediaTapInfo}; {@code STREAM_NOT_FOUND} when the node does not forward the stream.
 */
public record MediaTap(
    String tapId, String streamId, String host, int videoPort, int audioPort, long leaseMs) {}
