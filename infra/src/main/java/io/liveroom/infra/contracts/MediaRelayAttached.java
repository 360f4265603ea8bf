package io.liveroom.infra.contracts;

/**
 * The edge {@code nodeId} relays {@code streamId} from {@code originNodeId}; {@code created}: this
 * request opened the relay (false: it was open).
 */
public record MediaRelayAttached(
    String nodeId, String streamId, String originNodeId, boolean created) {}
