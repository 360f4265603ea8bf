package io.liveroom.infra.contracts;

import java.util.List;

/** The rooms the session still holds, with fresh state; rooms it lost are in {@code lost}. */
public record ResumeReply(List<LoginReply> rooms, List<String> lost) {
  public ResumeReply {
    rooms = List.copyOf(rooms);
    lost = List.copyOf(lost);
  }
}
