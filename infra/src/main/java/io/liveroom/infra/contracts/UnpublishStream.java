package io.liveroom.infra.contracts;

/** Removes a stream of the session that published it. */
public record UnpublishStream(String roomId, String streamId, String sessionId) {}
