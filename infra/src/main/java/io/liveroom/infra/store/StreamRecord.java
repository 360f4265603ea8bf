package io.liveroom.infra.store;

/**
 * A published stream: streamIDs are unique across the whole deployment. A stream with media ({@code
 * nodeId} set) is registered when its publisher asks and becomes {@code live}, visible to the room,
 * once its media flows; a signaling-only stream ({@code nodeId} null) is live at once. {@code
 * peerId} names the one publisher peer on {@code nodeId} that owns the stream's media: the node's
 * events about any other peer of the same streamID are stale and change nothing.
 */
public record StreamRecord(
    String streamId,
    String roomId,
    String userId,
    String userName,
    String sessionId,
    String gatewayId,
    String extraInfo,
    long createdAt,
    String nodeId,
    boolean live,
    String peerId) {
  /** A stream without an owning peer (signaling-only, or registered before peers were recorded). */
  public StreamRecord(
      String streamId,
      String roomId,
      String userId,
      String userName,
      String sessionId,
      String gatewayId,
      String extraInfo,
      long createdAt,
      String nodeId,
      boolean live) {
    this(
        streamId, roomId, userId, userName, sessionId, gatewayId, extraInfo, createdAt, nodeId,
        live, null);
  }

  /** A signaling-only stream, live from the start. */
  public StreamRecord(
      String streamId,
      String roomId,
      String userId,
      String userName,
      String sessionId,
      String gatewayId,
      String extraInfo,
      long createdAt) {
    this(
        streamId, roomId, userId, userName, sessionId, gatewayId, extraInfo, createdAt, null, true);
  }

  public StreamRecord withExtraInfo(String value) {
    return new StreamRecord(
        streamId, roomId, userId, userName, sessionId, gatewayId, value, createdAt, nodeId, live,
        peerId);
  }

  public StreamRecord withGateway(String gateway) {
    return new StreamRecord(
        streamId, roomId, userId, userName, sessionId, gateway, extraInfo, createdAt, nodeId, live,
        peerId);
  }

  public StreamRecord asLive() {
    return new StreamRecord(
        streamId, roomId, userId, userName, sessionId, gatewayId, extraInfo, createdAt, nodeId,
        true, peerId);
  }
}
