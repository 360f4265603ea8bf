package io.liveroom.infra.contracts;

import java.util.List;

/**
 * A room's media nodes (docs/architecture.md, "Cascade"): its origin ({@code originNodeId}, null
 * without media) and edges, each with the players of the room's streams it holds now ({@code -1}
 * when the node did not answer).
 */
public record RoomCascade(String roomId, String originNodeId, List<Node> nodes) {
  public RoomCascade {
    nodes = List.copyOf(nodes);
  }

  /** One node of the room: {@code role} origin or edge. */
  public record Node(String nodeId, String role, int players) {}
}
