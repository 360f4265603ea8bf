package io.liveroom.infra.store;

import io.vertx.core.Future;

/**
 * Tells when the shared store lost state it had: a Redis that restarted empty, a failover to a
 * replica that had not received everything, a restart from an older snapshot. The live truth (who
 * is connected, what they publish) is then still held by the gateways, which re-assert it. The
 * memory backend lives and dies with the process, so it never reports a loss.
 */
public interface StoreEpoch {
  StoreEpoch NONE = () -> Future.succeededFuture(false);

  /**
   * One check. Completes with true when the store lost state since this instance's previous
   * successful check (never on the first one: there was nothing to lose), false otherwise, and
   * fails while the store does not answer.
   */
  Future<Boolean> check();
}
