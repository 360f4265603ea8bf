package io.liveroom.infra.contracts;

/** A stream request succeeded. */
public record StreamAck(String roomId, String streamId) {}
