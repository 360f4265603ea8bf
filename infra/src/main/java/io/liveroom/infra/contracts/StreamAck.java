package io.liveroom.infra.contracts;

/** A stream request succeeded; {@code nodeId} is the media node of a stream with media. */
public record StreamAck(String roomId, String streamId, String nodeId) {}
