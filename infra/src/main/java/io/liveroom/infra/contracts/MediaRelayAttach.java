package io.liveroom.infra.contracts;

/**
 * Asks an edge media node to relay {@code streamId} of room {@code roomId} from its origin node
 * {@code originNodeId} (a no-op when it relays it from there already). Replied with {@link
 * MediaRelayAttached}; {@code STREAM_NOT_FOUND} when the origin does not forward the stream.
 */
public record MediaRelayAttach(String streamId, String roomId, String originNodeId) {}
