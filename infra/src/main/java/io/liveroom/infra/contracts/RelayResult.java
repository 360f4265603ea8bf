package io.liveroom.infra.contracts;

import java.util.List;

/** The userIDs the signal was delivered to. */
public record RelayResult(String roomId, List<String> deliveredTo) {
  public RelayResult {
    deliveredTo = List.copyOf(deliveredTo);
  }
}
