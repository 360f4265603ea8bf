package io.liveroom.infra.contracts;

import java.util.List;

/** A detached session came back on {@code gatewayId}: re-home its memberships and streams. */
public record ResumeSession(String sessionId, String gatewayId, List<ResumeSeat> seats) {
  public ResumeSession {
    seats = List.copyOf(seats);
  }
}
