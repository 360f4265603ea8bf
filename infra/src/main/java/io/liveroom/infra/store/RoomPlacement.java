package io.liveroom.infra.store;

/**
 * Where a room's media lives: one media node per room, held under a lease.
 *
 * @param roomId the room
 * @param nodeId its media node
 * @param placedAt epoch millis when the room came onto this node
 * @param moves how often the room was moved off a lost or drained node (0 = never)
 */
public record RoomPlacement(String roomId, String nodeId, long placedAt, int moves) {}
