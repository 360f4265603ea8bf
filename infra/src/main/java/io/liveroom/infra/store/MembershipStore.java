package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;
import java.util.Set;

/**
 * Room membership: who is in which room, through which session. A userID is in a room at most once;
 * every operation is atomic per room.
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

  /**
   * Every membership held through gateway {@code gatewayId} (its {@link Member#gatewayId()}), in no
   * particular order. Served from a per-gateway index kept by join and leave, so the cost is the
   * gateway's own members, not the deployment's.
   */
  Future<List<Member>> onGateway(String gatewayId);

  /**
   * Removes the user's membership of the room only if it is still held through {@code gatewayId} (a
   * session resumed elsewhere meanwhile keeps it). Returns the removed membership, or {@code null}.
   * Atomic: of concurrent callers, one at most gets the member back.
   */
  Future<Member> leaveGateway(String roomId, String userId, String gatewayId);

  /**
   * Moves the user's membership of the room to {@code gatewayId} only if session {@code sessionId}
   * still holds it (a resume: a membership evicted or taken by another session meanwhile is never
   * put back or overwritten). Returns the moved membership, or {@code null} when nothing changed.
   * Atomic.
   */
  Future<Member> moveSession(String roomId, String userId, String sessionId, String gatewayId);

  /**
   * Removes the user's membership of the room only if session {@code sessionId} still holds it
   * through {@code gatewayId}. Returns the removed membership, or {@code null}. Atomic.
   */
  Future<Member> leaveHeld(String roomId, String userId, String sessionId, String gatewayId);

  /**
   * Puts back a membership the store lost (see {@link StoreEpoch}) as its gateway still holds it:
   * added when the user has no membership of the room or one of the same session (no cap, it was
   * admitted before). Returns null when the member holds it now, or the membership of another
   * session that took the user's place meanwhile (then nothing changes).
   */
  Future<Member> restore(Member member);
}
