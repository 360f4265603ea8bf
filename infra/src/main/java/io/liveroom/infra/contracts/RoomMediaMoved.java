package io.liveroom.infra.contracts;

/**
 * A room's media left {@code fromNodeId} (lost: {@link ErrorCode#MEDIA_NODE_LOST}, or drained:
 * {@link ErrorCode#MEDIA_NODE_DRAINED}) for {@code toNodeId} (null: no live node took it). Its
 * streams on the old node are already gone (DELETE); publishers and players publish/play again.
 */
public record RoomMediaMoved(String roomId, String fromNodeId, String toNodeId, int errorCode) {}
