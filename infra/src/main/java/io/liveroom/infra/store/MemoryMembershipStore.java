package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.ArrayList;
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

  /** gatewayId -> roomId -> userIds held through that gateway. */
  private final Map<String, Map<String, Set<String>>> gateways = new HashMap<>();

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
    if (previous != null) {
      unindex(previous);
    }
    gateways
        .computeIfAbsent(member.gatewayId(), k -> new HashMap<>())
        .computeIfAbsent(member.roomId(), k -> new HashSet<>())
        .add(member.userId());
    userRooms.computeIfAbsent(member.userId(), k -> new HashSet<>()).add(member.roomId());
    return Future.succeededFuture(
        previous == null ? JoinResult.joined() : JoinResult.replaced(previous));
  }

  @Override
  public synchronized Future<Member> restore(Member member) {
    Member current = rooms.getOrDefault(member.roomId(), Map.of()).get(member.userId());
    if (current != null && !current.sessionId().equals(member.sessionId())) {
      return Future.succeededFuture(current);
    }
    join(member, 0);
    return Future.succeededFuture(null);
  }

  @Override
  public synchronized Future<Member> leave(String roomId, String userId, String sessionId) {
    Map<String, Member> room = rooms.get(roomId);
    Member current = room == null ? null : room.get(userId);
    if (current == null || sessionId != null && !Objects.equals(sessionId, current.sessionId())) {
      return Future.succeededFuture(null);
    }
    remove(current);
    return Future.succeededFuture(current);
  }

  @Override
  public synchronized Future<Member> leaveGateway(String roomId, String userId, String gatewayId) {
    Map<String, Member> room = rooms.get(roomId);
    Member current = room == null ? null : room.get(userId);
    if (current == null || !Objects.equals(gatewayId, current.gatewayId())) {
      return Future.succeededFuture(null);
    }
    remove(current);
    return Future.succeededFuture(current);
  }

  @Override
  public synchronized Future<Member> moveSession(
      String roomId, String userId, String sessionId, String gatewayId) {
    Map<String, Member> room = rooms.get(roomId);
    Member current = room == null ? null : room.get(userId);
    if (current == null || !Objects.equals(sessionId, current.sessionId())) {
      return Future.succeededFuture(null);
    }
    Member moved =
        new Member(roomId, userId, current.userName(), sessionId, gatewayId, current.joinedAt());
    join(moved, 0);
    return Future.succeededFuture(moved);
  }

  @Override
  public synchronized Future<Member> leaveHeld(
      String roomId, String userId, String sessionId, String gatewayId) {
    Map<String, Member> room = rooms.get(roomId);
    Member current = room == null ? null : room.get(userId);
    if (current == null
        || !Objects.equals(sessionId, current.sessionId())
        || !Objects.equals(gatewayId, current.gatewayId())) {
      return Future.succeededFuture(null);
    }
    remove(current);
    return Future.succeededFuture(current);
  }

  @Override
  public synchronized Future<List<Member>> onGateway(String gatewayId) {
    List<Member> out = new ArrayList<>();
    gateways
        .getOrDefault(gatewayId, Map.of())
        .forEach(
            (roomId, userIds) -> {
              Map<String, Member> room = rooms.getOrDefault(roomId, Map.of());
              userIds.forEach(userId -> out.add(room.get(userId)));
            });
    return Future.succeededFuture(out);
  }

  private void remove(Member current) {
    Map<String, Member> room = rooms.get(current.roomId());
    room.remove(current.userId());
    if (room.isEmpty()) {
      rooms.remove(current.roomId());
    }
    Set<String> of = userRooms.get(current.userId());
    if (of != null && of.remove(current.roomId()) && of.isEmpty()) {
      userRooms.remove(current.userId());
    }
    unindex(current);
  }

  private void unindex(Member member) {
    Map<String, Set<String>> byRoom = gateways.get(member.gatewayId());
    Set<String> users = byRoom == null ? null : byRoom.get(member.roomId());
    if (users != null && users.remove(member.userId()) && users.isEmpty()) {
      byRoom.remove(member.roomId());
      if (byRoom.isEmpty()) {
        gateways.remove(member.gatewayId());
      }
    }
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
