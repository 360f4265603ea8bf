package io.liveroom.infra.contracts;

import java.util.HashMap;
import java.util.Map;

/**
 * Every error the system reports, to clients and between services. Event-bus failures carry
 * {@link #code()} as their failure code; the gateway maps it back with {@link #of(int)}.
 * Numbering: 1000xxx request and transport, 1002xxx rooms and sessions.
 */
public enum ErrorCode {
  // request and transport
  BAD_REQUEST(1000001, "bad request"),
  MALFORMED_JSON(1000002, "frame is not a JSON object"),
  UNKNOWN_TYPE(1000003, "unknown request type"),
  INVALID_FIELD(1000004, "missing or invalid field"),
  FRAME_TOO_LARGE(1000005, "frame exceeds the size limit"),
  RATE_LIMITED(1000006, "too many requests"),
  SERVICE_TIMEOUT(1000010, "a service did not answer in time"),
  SERVICE_UNAVAILABLE(1000011, "no instance of the service is running"),
  SHUTTING_DOWN(1000012, "this node is shutting down"),
  INTERNAL(1000099, "internal error"),
  // rooms and sessions
  NOT_LOGGED_IN(1002001, "not logged into this room"),
  ROOM_FULL(1002002, "the room is full"),
  TOO_MANY_ROOMS(1002003, "this connection is in too many rooms"),
  ALREADY_IN_ROOM(1002004, "already logged into this room on this connection"),
  KICKED_DUPLICATE_LOGIN(1002050, "the same userID logged into this room elsewhere"),
  KICKED_BY_ADMIN(1002055, "kicked out of the room by the server");

  private static final Map<Integer, ErrorCode> BY_CODE = new HashMap<>();

  static {
    for (ErrorCode c : values()) {
      BY_CODE.put(c.code, c);
    }
  }

  private final int code;
  private final String message;

  ErrorCode(int code, String message) {
    this.code = code;
    this.message = message;
  }

  public int code() {
    return code;
  }

  public String message() {
    return message;
  }

  /** The code for a numeric value; unknown values map to {@link #INTERNAL}. */
  public static ErrorCode of(int code) {
    return BY_CODE.getOrDefault(code, INTERNAL);
  }

  public ServiceException exception() {
    return new ServiceException(this, message);
  }

  public ServiceException exception(String detail) {
    return new ServiceException(this, detail);
  }
}
