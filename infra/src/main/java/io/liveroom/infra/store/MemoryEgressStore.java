package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** The egress registry in this process's memory. Thread-safe. */
public final class MemoryEgressStore extends MemoryLeasedRegistry<EgressNodeRecord>
    implements EgressStore {
  private final Map<String, EgressJobRecord> jobs = new LinkedHashMap<>();

  public MemoryEgressStore(LongSupplier clock) {
    super(clock, EgressNodeRecord::nodeId);
  }

  @Override
  public Future<Void> withdraw(String nodeId) {
    return remove(nodeId).mapEmpty();
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
