package io.liveroom.infra.store;

/** A published stream: streamIDs are unique across the whole deployment. */
public record StreamRecord(String streamId, String roomId, String userId, String userName, String sessionId,
    String gatewayId, String extraInfo, long createdAt) {
  public StreamRecord withExtraInfo(String value) {
    return new StreamRecord(streamId, roomId, userId, userName, sessionId, gatewayId, value, createdAt);
  }

  public StreamRecord withGateway(String gateway) {
    return new StreamRecord(streamId, roomId, userId, userName, sessionId, gateway, extraInfo, createdAt);
  }
}
