package io.liveroom.chat;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.store.MembershipStore;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The checks every chat request passes before its rates: its fields and size, then the sender's
 * membership (its session must hold it; a null session is a server-side send).
 */
final class MessageChecks {
  private final MembershipStore members;
  private final int maxMessageBytes;

  MessageChecks(MembershipStore members, int maxMessageBytes) {
    this.members = members;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The fields and size of a message, then its sender; a failed check is a failed future. */
  Future<RoomUser> message(
      String roomId, String userId, String userName, String sessionId, String text) {
    return attempt(
        () -> {
          fields(roomId, userId, text);
          return sender(roomId, userId, userName, sessionId);
        });
  }

  /** The room and user ids are there, the text is not empty and not over the size. */
  void fields(String roomId, String userId, String text) {
    requireId(roomId, "roomID");
    requireId(userId, "userID");
    if (text == null || text.isEmpty()) {
      throw ErrorCode.MESSAGE_EMPTY.exception();
    }
    int bytes = Unicode.requireUtf8Length(text, "message");
    if (bytes > maxMessageBytes) {
      throw ErrorCode.MESSAGE_TOO_LARGE.exception(
          bytes + " bytes, at most " + maxMessageBytes + " (UTF-8)");
    }
  }

  /** The sender as members see it: the membership's userName when its session holds one. */
  Future<RoomUser> sender(String roomId, String userId, String userName, String sessionId) {
    if (sessionId == null) {
      return Future.succeededFuture(new RoomUser(userId, userName));
    }
    return members
        .member(roomId, userId)
        .compose(
            m ->
                m != null && sessionId.equals(m.sessionId())
                    ? Future.succeededFuture(new RoomUser(m.userId(), m.userName()))
                    : Future.failedFuture(
                        ErrorCode.NOT_LOGGED_IN.exception(
                            userId + " is not logged into room " + roomId + " with this session")));
  }

  static void requireId(String id, String field) {
    if (id == null || id.isBlank()) {
      throw ErrorCode.INVALID_FIELD.exception(field + " is required");
    }
  }

  /** The named userIDs, blanks and repeats dropped, in order. */
  static Set<String> recipients(List<String> userIds) {
    Set<String> out = new LinkedHashSet<>();
    for (String id : userIds) {
      if (id != null && !id.isBlank()) {
        out.add(id);
      }
    }
    return out;
  }

  /** Runs {@code step}; what it throws becomes a failed future. */
  static <T> Future<T> attempt(Supplier<Future<T>> step) {
    try {
      return step.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
