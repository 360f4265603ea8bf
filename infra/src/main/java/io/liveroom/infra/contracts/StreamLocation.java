package io.liveroom.infra.contracts;

/**
 * A live stream's room and the media node that forwards it ({@code nodeId} null: signaling only).
 */
public record StreamLocation(String streamId, String roomId, String nodeId) {}
