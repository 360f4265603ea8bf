package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * Rooms as such: their settings while they are open, their extra info, and the index of open rooms.
 * Membership itself is in {@link MembershipStore}; a room is open from its first login until {@link
 * #closeIfEmpty} finds no member left.
 */
public interface RoomStore {
  /** Opens the room with {@code proposed} settings, or returns the settings it already has. */
  Future<RoomInfo> open(RoomInfo proposed);

  /** The room's settings, or {@code null} when it is not open. */
  Future<RoomInfo> info(String roomId);

  /**
   * Closes the room (settings, extra info, index entry) when it has no member; atomic with respect
   * to the membership store of the same backend. Returns whether it closed.
   */
  Future<Boolean> closeIfEmpty(String roomId);

  /**
   * Sets one extra-info key. Returns false, changing nothing, when the key is new and the room
   * already has {@code maxKeys} keys.
   */
  Future<Boolean> setExtraInfo(String roomId, RoomExtraInfo info, int maxKeys);

  Future<List<RoomExtraInfo>> extraInfo(String roomId);

  /** Open rooms sorted by id, from {@code offset}, at most {@code limit}. */
  Future<List<String>> list(int offset, int limit);

  Future<Integer> roomCount();
}
