package io.liveroom.presence;

import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.RoomOnlineCountChanged;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps what a {@link PresenceService} publishes. Thread-safe. */
final class RecordingEvents implements PresenceEvents {
  final List<GatewayExpired> expired = Collections.synchronizedList(new ArrayList<>());
  final List<RoomOnlineCountChanged> counts = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void gatewayExpired(GatewayExpired event) {
    expired.add(event);
  }

  @Override
  public void roomCountChanged(RoomOnlineCountChanged event) {
    counts.add(event);
  }

  List<RoomOnlineCountChanged> takeCounts() {
    synchronized (counts) {
      List<RoomOnlineCountChanged> out = List.copyOf(counts);
      counts.clear();
      return out;
    }
  }
}
