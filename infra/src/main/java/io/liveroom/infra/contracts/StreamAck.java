package io.liveroom.infra.contracts;

/**
 * A stream request succeeded; {@code nodeId} is the media node of a stream with media and {@code
 * peerId} the publisher peer the registry made its owner: the publish sends it to the node ({@link
 * MediaPublish#peerId()}), so the node's events for that peer, and only those, change the stream.
 */
public record StreamAck(String roomId, String streamId, String nodeId, String peerId) {
  public StreamAck(String roomId, String streamId, String nodeId) {
    this(roomId, streamId, nodeId, null);
  }
}
