package io.liveroom.gateway.session;

import io.liveroom.infra.contracts.RestoreGateway;
import io.liveroom.infra.store.RoomExtraInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The room extra info this gateway has seen (login replies and updates) for the rooms it has
 * members in: the newest value per key, so it can be re-asserted if the store loses it. At most
 * {@code room.maxExtraInfoKeys} small values per room. Confined to the gateway's event loop.
 */
public final class KnownExtraInfo {
  private final Map<String, Map<String, RoomExtraInfo>> rooms = new HashMap<>();

  public void learn(String roomId, List<RoomExtraInfo> infos) {
    infos.forEach(info -> learn(roomId, info));
  }

  public void learn(String roomId, RoomExtraInfo info) {
    rooms
        .computeIfAbsent(roomId, k -> new HashMap<>())
        .merge(
            info.key(), info, (old, fresh) -> fresh.updateTime() >= old.updateTime() ? fresh : old);
  }

  /** This gateway has no member left in the room. */
  public void forget(String roomId) {
    rooms.remove(roomId);
  }

  List<RestoreGateway.Extra> all() {
    List<RestoreGateway.Extra> out = new ArrayList<>();
    rooms.forEach(
        (roomId, infos) ->
            infos.values().forEach(info -> out.add(new RestoreGateway.Extra(roomId, info))));
    return out;
  }
}
