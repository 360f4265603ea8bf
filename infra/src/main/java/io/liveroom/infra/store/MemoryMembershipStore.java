package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Membership in this process's memory: the single-process backend. Thread-safe. */
public final class MemoryMembershipStore implements MembershipStore {
  private final Map<String, Map<String, Member>> rooms = new HashMap<>();
  private final Map<String, Set<String>> userRooms = new HashMap<>();

  @Override
  public synchronized Future<JoinResult> join(Member member, int maxMembers) {
    Map<String, Member> room = rooms.computeIfAbsent(member.roomId(), k -> new HashMap<>());
    Member previous = room.get(member.userId());
    if (previous == null && maxMembers > 0 && room.size() >= maxMembers) {
      if (room.isEmpty()) {
        rooms.remove(member.roomId());
      }
      return Future.succeededFuture(JoinResult.full());
    }
    room.put(member.userId(), member);
    userRooms.computeIfAbsent(member.userId(), k -> new HashSet<>()).add(member.roomId());
    return Future.succeededFuture(previous == null ? JoinResult.joined() : JoinResult.replaced(previous));
  }

  @Override
  public synchronized Future<Member> leave(String roomId, String userId, String sessionId) {
    Map<String, Member> room = rooms.get(roomId);
    Member current = room == null ? null : room.get(userId);
    if (current == null || sessionId != null && !Objects.equals(sessionId, current.sessionId())) {
      return Future.succeededFuture(null);
    }
    room.remove(userId);
    if (room.isEmpty()) {
      rooms.remove(roomId);
    }
    Set<String> of = userRooms.get(userId);
    if (of != null && of.remove(roomId) && of.isEmpty()) {
      userRooms.remove(userId);
    }
    return Future.succeededFuture(current);
  }

  @Override
  public synchronized Future<Member> member(String roomId, String userId) {
    Map<String, Member> room = rooms.get(roomId);
    return Future.succeededFuture(room == null ? null : room.get(userId));
  }

  @Override
  public synchronized Future<List<Member>> members(String roomId) {
    Map<String, Member> room = rooms.get(roomId);
    return Future.succeededFuture(room == null ? List.of() : List.copyOf(room.values()));
  }

  @Override
  public synchronized Future<Integer> count(String roomId) {
    Map<String, Member> room = rooms.get(roomId);
    return Future.succeededFuture(room == null ? 0 : room.size());
  }

  @Override
  public synchronized Future<Set<String>> roomsOf(String userId) {
    return Future.succeededFuture(Set.copyOf(userRooms.getOrDefault(userId, Set.of())));
  }
}
