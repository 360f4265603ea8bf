package io.liveroom.infra.contracts;

/** Registers a stream of a member's session: streamIDs are unique deployment-wide. */
public record PublishStream(String roomId, String streamId, String userId, String userName, String sessionId, String gatewayId,
    String extraInfo) {}
