package io.liveroom.presence.store;

import io.liveroom.infra.contracts.GatewayExpired;
import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.OnlineSummary;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.UserPresence;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The shared presence state: each gateway's latest report under a lease, which presence-service
 * instance pushes room counts, and the counts last pushed. Every count is derived from the live
 * leases only: a lease counts while {@code now < storedAt + ttlMs}, whether or not it was claimed.
 */
public interface LeaseStore {
  /**
   * Stores {@code lease} (its {@code ttlMs} must be positive), replacing the gateway's previous
   * report. True when a lease of that gateway was held and not yet claimed as expired.
   */
  Future<Boolean> report(GatewayLease lease);

  /** The reports of the live leases, in no particular order. */
  Future<List<GatewayLease>> live();

  /**
   * Removes the leases that ran out and returns them. Atomic: among every store instance sharing
   * the data, exactly one call returns a given expiry.
   */
  Future<List<GatewayExpired>> claimExpired();

  /** The aggregate of the live leases. */
  default Future<PresenceView> view() {
    return live().map(PresenceView::of);
  }

  default Future<RoomCount> roomCount(String roomId) {
    return view().map(v -> v.room(roomId));
  }

  default Future<OnlineSummary> summary(int topN) {
    return view().map(v -> v.summary(topN));
  }

  default Future<UserPresence> user(String userId) {
    return view().map(v -> v.user(userId));
  }

  /**
   * Takes or renews the count-push leadership for {@code ttlMs}. True when {@code holder} holds it
   * now; false while another holder's leadership is still running.
   */
  Future<Boolean> holdPushLeadership(String holder, long ttlMs);

  /** Gives the leadership up if {@code holder} has it, so another instance takes over at once. */
  Future<Void> releasePushLeadership(String holder);

  /** The online count last pushed per room (rooms last pushed as 0 are absent). */
  Future<Map<String, Integer>> pushedCounts();

  /** Records pushed counts; a count of 0 removes the room. */
  Future<Void> savePushedCounts(Map<String, Integer> pushed);
}
