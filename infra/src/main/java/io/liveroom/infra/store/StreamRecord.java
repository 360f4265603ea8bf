package io.liveroom.infra.store;

/**
 * A published stream: streamIDs are unique across the whole deployment. A stream with media
 * ({@code nodeId} set) is registered when its publisher asks and becomes {@code live}, visible to
 * the room, once its media flows; a signaling-only stream ({@code nodeId} null) is live at once.
 */
public record StreamRecord(String streamId, String roomId, String userId, String userName, String sessionId,
    String gatewayId, String extraInfo, long createdAt, String nodeId, boolean live) {
  /** A signaling-only stream, live from the start. */
  public StreamRecord(String streamId, String roomId, String userId, String userName, String sessionId,
      String gatewayId, String extraInfo, long createdAt) {
    this(streamId, roomId, userId, userName, sessionId, gatewayId, extraInfo, createdAt, null, true);
  }

  public StreamRecord withExtraInfo(String value) {
    return new StreamRecord(streamId, roomId, userId, userName, sessionId, gatewayId, value, createdAt, nodeId, live);
  }

  public StreamRecord withGateway(String gateway) {
    return new StreamRecord(streamId, roomId, userId, userName, sessionId, gateway, extraInfo, createdAt, nodeId, live);
  }

  public StreamRecord asLive() {
    return new StreamRecord(streamId, roomId, userId, userName, sessionId, gatewayId, extraInfo, createdAt, nodeId, true);
  }
}
