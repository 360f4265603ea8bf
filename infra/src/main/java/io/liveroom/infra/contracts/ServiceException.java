package io.liveroom.infra.contracts;

/** A failure with a shared {@link ErrorCode}; crosses the event bus as a ReplyException. */
public final class ServiceException extends RuntimeException {
  private final ErrorCode code;

  public ServiceException(ErrorCode code, String message) {
    super(message == null ? code.message() : message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
