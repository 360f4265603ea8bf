package io.liveroom.infra.contracts;

import java.util.List;

/**
 * A member sends a custom command to listed users of its room -> {@link CustomCommandSent}. Sent to
 * {@link Addresses#CHAT_COMMAND_SEND}; each recipient in the room gets a {@link CustomCommandDelivered}.
 */
public record SendCustomCommand(String roomId, String fromUserId, String fromUserName, String sessionId,
    String command, List<String> toUserIds) {
  public SendCustomCommand {
    toUserIds = toUserIds == null ? List.of() : List.copyOf(toUserIds);
  }
}
