package io.liveroom.infra.store;

import io.vertx.core.Future;

/**
 * Where each webhook endpoint's delivery stands, and who delivers to it. One instance at a time
 * holds an endpoint's lease; each new holder gets a larger fencing token, and a position is only
 * stored under the lease and token it was read with, so a holder that lost its lease (paused,
 * partitioned) can never move the position of the one that took over. Positions only move forward.
 */
public interface DeliveryCursors {
  /**
   * Takes or renews the endpoint's lease for {@code ttlMs}: yields this holder's fencing token
   * (positive; the same one on a renewal), or 0 when another owner holds it.
   */
  Future<Long> acquire(String endpoint, String owner, long ttlMs);

  /** The last seq delivered to the endpoint, or -1 when none is stored. */
  Future<Long> position(String endpoint);

  /**
   * Stores {@code seq} as delivered if {@code owner} still holds the lease with {@code fence} (a
   * position below the stored one changes nothing); yields whether the lease was still held.
   */
  Future<Boolean> commit(String endpoint, String owner, long fence, long seq);

  /** Gives the lease up if {@code owner} holds it. */
  Future<Void> release(String endpoint, String owner);
}
