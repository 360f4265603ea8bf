package io.liveroom.infra.contracts;

import java.util.List;

/**
 * What a {@link RestoreGateway} did: seats restored, seats {@code refused} because another session
 * of the same user holds the room now (the gateway kicks them as duplicate logins), and memberships
 * and streams {@code purged} because the gateway no longer holds them.
 */
public record RestoreReport(int restored, List<RestoreGateway.Seat> refused, int purged) {
  public RestoreReport {
    refused = List.copyOf(refused);
  }
}
