package io.liveroom.infra.contracts;

import io.liveroom.infra.store.MediaNodeRecord;
import java.util.List;

/** A live media node's last announcement and the rooms placed on it. */
public record MediaNodeStatus(MediaNodeRecord node, List<String> rooms) {
  public MediaNodeStatus {
    rooms = List.copyOf(rooms);
  }
}
