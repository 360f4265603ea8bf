package io.liveroom.infra.contracts;

/**
 * Registers a stream of a member's session: streamIDs are unique deployment-wide. With {@code
 * media}, the stream is placed on a media node and stays hidden until its media flows.
 */
public record PublishStream(
    String roomId,
    String streamId,
    String userId,
    String userName,
    String sessionId,
    String gatewayId,
    String extraInfo,
    boolean media) {}
