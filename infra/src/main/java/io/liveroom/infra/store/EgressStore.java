package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * The egress registry: egress nodes announce themselves under a lease (like media nodes), and every
 * job's record lives here so any gateway can list it, also after its node died.
 */
public interface EgressStore {
  /** Records (replaces) the node's announcement, held for {@code leaseMs}. */
  Future<Void> announce(EgressNodeRecord node, long leaseMs);

  /** The nodes whose lease holds, by nodeId. */
  Future<List<EgressNodeRecord>> live();

  /** Withdraws the node at once (it shut down). */
  Future<Void> withdraw(String nodeId);

  /** Creates or replaces a job record. */
  Future<Void> putJob(EgressJobRecord job);

  /** The job, or null. */
  Future<EgressJobRecord> job(String jobId);

  /** Every job record kept (at most the newest {@code limit} by start time). */
  Future<List<EgressJobRecord>> jobs(int limit);
}
