package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * Room membership: who is in which room, through which session. A userID is in a room at most
 * once; every operation is atomic per room.
 */
public interface MembershipStore {
  /**
   * Adds {@code member}, replacing a membership of the same userID (which does not count against
   * the cap). {@code maxMembers} <= 0 means no cap; a new member beyond the cap gets FULL.
   */
  Future<JoinResult> join(Member member, int maxMembers);

  /**
   * Removes the user's membership if {@code sessionId} holds it ({@code null}: whichever session
   * does). Returns the removed membership, or {@code null} when there was none to remove.
   */
  Future<Member> leave(String roomId, String userId, String sessionId);

  /** The membership of one user in one room, or {@code null}. */
  Future<Member> member(String roomId, String userId);

  /** Every member of a room, in no particular order. */
  Future<List<Member>> members(String roomId);

  Future<Integer> count(String roomId);

  /** The rooms a user is in. */
  Future<Set<String>> roomsOf(String userId);
}
