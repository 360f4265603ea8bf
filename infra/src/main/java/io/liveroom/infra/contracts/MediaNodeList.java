package io.liveroom.infra.contracts;

import java.util.List;

/** The live media nodes by nodeId. */
public record MediaNodeList(List<MediaNodeStatus> nodes) {
  public MediaNodeList {
    nodes = List.copyOf(nodes);
  }
}
