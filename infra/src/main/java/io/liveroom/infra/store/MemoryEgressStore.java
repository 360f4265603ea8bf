package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/** The egress registry in this process's memory. Thread-safe. */
public final class MemoryEgressStore implements EgressStore {
  private record Leased(EgressNodeRecord node, long expiresAt) {}

  private final Map<String, Leased> nodes = new TreeMap<>();
  private final Map<String, EgressJobRecord> jobs = new LinkedHashMap<>();
  private final LongSupplier clock;

  public MemoryEgressStore(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Future<Void> announce(EgressNodeRecord node, long leaseMs) {
    nodes.put(node.nodeId(), new Leased(node, clock.getAsLong() + leaseMs));
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<List<EgressNodeRecord>> live() {
    long now = clock.getAsLong();
    nodes.values().removeIf(l -> l.expiresAt() <= now);
    return Future.succeededFuture(nodes.values().stream().map(Leased::node).toList());
  }

  @Override
  public synchronized Future<Void> withdraw(String nodeId) {
    nodes.remove(nodeId);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Void> putJob(EgressJobRecord job) {
    jobs.put(job.jobId(), job);
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<EgressJobRecord> job(String jobId) {
    return Future.succeededFuture(jobs.get(jobId));
  }

  @Override
  public synchronized Future<List<EgressJobRecord>> jobs(int limit) {
    return Future.succeededFuture(
        jobs.values().stream()
            .sorted(
                Comparator.comparingLong(EgressJobRecord::startedAt)
                    .reversed()
                    .thenComparing(EgressJobRecord::jobId))
            .limit(limit)
            .toList());
  }
}
