package io.liveroom.room;

/**
 * The placement-store entries that record a room's edges: {@code <roomID>/edge/<nodeID>} on the
 * edge node (a room ID never holds {@code /}), leased and renewed like the room's origin placement.
 */
final class EdgeKeys {
  private static final String MARK = "/edge/";

  private EdgeKeys() {}

  static String key(String roomId, String nodeId) {
    return roomId + MARK + nodeId;
  }

  static boolean isEdge(String key) {
    return key.contains(MARK);
  }

  /** The room of an edge key. */
  static String room(String key) {
    return key.substring(0, key.indexOf(MARK));
  }
}
