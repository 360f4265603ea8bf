package io.liveroom.infra.contracts;

import java.util.List;

/**
 * A member sends a custom command to listed users of its room -> {@link CustomCommandSent}. Sent to
 * {@link Addresses#CHAT_COMMAND_SEND}; each recipient in the room gets a {@link
 * CustomCommandDelivered}. {@code toUserIds} is deduplicated by the service. A {@code null}
 * sessionId is a server-side send (no membership check, no per-user rate).
 */
public record SendCustomCommand(
    String roomId,
    String fromUserId,
    String fromUserName,
    String sessionId,
    String command,
    List<String> toUserIds) {
  public SendCustomCommand {
    toUserIds = toUserIds == null ? List.of() : List.copyOf(toUserIds);
  }
}
