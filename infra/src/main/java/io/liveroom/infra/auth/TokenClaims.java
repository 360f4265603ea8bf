package io.liveroom.infra.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a token says: who ({@code userId}), where ({@code roomId}, or {@link #ANY_ROOM}), what
 * ({@code privileges}), which streamIDs it may publish ({@code streamIds}; {@code null} = any), and
 * when it was issued and expires (epoch seconds).
 */
public record TokenClaims(
    String userId,
    String roomId,
    Set<Privilege> privileges,
    List<String> streamIds,
    long issuedAt,
    long expiresAt) {
  /** The roomId of a token valid for every room. */
  public static final String ANY_ROOM = "*";

  public TokenClaims {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(roomId, "roomId");
    EnumSet<Privilege> set = EnumSet.noneOf(Privilege.class);
    if (privileges != null) {
      set.addAll(privileges);
    }
    privileges = Collections.unmodifiableSet(set);
    streamIds = streamIds == null ? null : List.copyOf(streamIds);
  }

  /** Claims valid for {@code ttlSeconds} from {@code nowSeconds}. */
  public static TokenClaims of(
      String userId,
      String roomId,
      Set<Privilege> privileges,
      List<String> streamIds,
      long nowSeconds,
      long ttlSeconds) {
    return new TokenClaims(
        userId, roomId, privileges, streamIds, nowSeconds, nowSeconds + ttlSeconds);
  }

  public boolean has(Privilege privilege) {
    return privileges.contains(privilege);
  }

  public boolean allowsRoom(String room) {
    return ANY_ROOM.equals(roomId) || roomId.equals(room);
  }

  /** True when the token names no streamIds (any) or names this one. */
  public boolean allowsStream(String streamId) {
    return streamIds == null || streamIds.contains(streamId);
  }
}
