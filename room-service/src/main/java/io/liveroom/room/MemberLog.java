package io.liveroom.room;

import io.liveroom.infra.logging.LogFields;
import io.liveroom.infra.store.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * room-service's member operations as log lines (logger {@code io.liveroom.room.members}), each
 * with roomID, userID and sessionID as fields: joins, leaves and resumes at DEBUG (a join storm is
 * thousands a second), duplicate-login and admin kicks at INFO.
 */
final class MemberLog {
  static final String LOGGER = "io.liveroom.room.members";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private MemberLog() {}

  static void joined(Member member, int count) {
    if (LOG.isDebugEnabled()) {
      fields(LOG.atDebug(), member)
          .addKeyValue("members", count)
          .addKeyValue("gatewayID", member.gatewayId())
          .log("{} joined room {} ({} members)", member.userId(), member.roomId(), count);
    }
  }

  static void left(Member member) {
    if (LOG.isDebugEnabled()) {
      fields(LOG.atDebug(), member).log("{} left room {}", member.userId(), member.roomId());
    }
  }

  static void resumed(Member member) {
    if (LOG.isDebugEnabled()) {
      fields(LOG.atDebug(), member)
          .addKeyValue("gatewayID", member.gatewayId())
          .log(
              "{} resumed in room {} on gateway {}",
              member.userId(),
              member.roomId(),
              member.gatewayId());
    }
  }

  /** The older session of a user who logged in again is kicked (KICKED_DUPLICATE_LOGIN). */
  static void replaced(Member previous, Member current) {
    fields(LOG.atInfo(), previous)
        .addKeyValue("newSessionID", current.sessionId())
        .log(
            "{} logged into room {} again: the older session is kicked",
            previous.userId(),
            previous.roomId());
  }

  static void kicked(Member member) {
    fields(LOG.atInfo(), member)
        .log("{} kicked out of room {} by the admin API", member.userId(), member.roomId());
  }

  private static LoggingEventBuilder fields(LoggingEventBuilder line, Member member) {
    return line.addKeyValue(LogFields.ROOM_ID, member.roomId())
        .addKeyValue(LogFields.USER_ID, member.userId())
        .addKeyValue(LogFields.SESSION_ID, member.sessionId());
  }
}
