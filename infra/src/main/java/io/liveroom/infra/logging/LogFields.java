package io.liveroom.infra.logging;

import java.util.List;

/**
 * The names of the fields a log event may carry besides its message, as SLF4J key-value pairs
 * ({@code LOG.atDebug().addKeyValue(LogFields.ROOM_ID, roomId)}) or MDC entries: the JSON format
 * writes each as a top-level field, the text format as {@code name=value} after the message.
 * Key-value pairs are preferred: the MDC is per thread and does not follow a Vert.x future to its
 * callbacks.
 */
public final class LogFields {
  public static final String ROOM_ID = "roomID";
  public static final String USER_ID = "userID";
  public static final String SESSION_ID = "sessionID";
  public static final String STREAM_ID = "streamID";

  /** Written first, in this order, when present. */
  static final List<String> KNOWN = List.of(ROOM_ID, USER_ID, SESSION_ID, STREAM_ID);

  private LogFields() {}
}
