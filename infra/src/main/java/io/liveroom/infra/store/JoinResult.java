package io.liveroom.infra.store;

/**
 * The outcome of {@link MembershipStore#join}: JOINED (new member), REPLACED (the same userID was
 * there, {@code previous} is the membership it replaced) or FULL (nothing changed).
 */
public record JoinResult(Outcome outcome, Member previous) {
  public enum Outcome {
    JOINED,
    REPLACED,
    FULL
  }

  public static JoinResult joined() {
    return new JoinResult(Outcome.JOINED, null);
  }

  public static JoinResult replaced(Member previous) {
    return new JoinResult(Outcome.REPLACED, previous);
  }

  public static JoinResult full() {
    return new JoinResult(Outcome.FULL, null);
  }
}
