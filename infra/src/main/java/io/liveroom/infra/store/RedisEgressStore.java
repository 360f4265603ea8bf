package io.liveroom.infra.store;

import io.liveroom.infra.json.Json;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The egress registry in Redis: {@code egressnode:{id}} holds a node's announcement with a PX
 * lease, indexed by the set {@code egressnodes}; the hash {@code egressjobs} maps job id to record.
 */
public final class RedisEgressStore extends RedisLeasedRegistry<EgressNodeRecord>
    implements EgressStore {
  private final RedisAPI redis;
  private final String jobsKey;

  public RedisEgressStore(RedisAPI redis, String keyPrefix) {
    super(redis, keyPrefix, "egressnode", EgressNodeRecord.class, EgressNodeRecord::nodeId);
    this.redis = redis;
    this.jobsKey = keyPrefix + "egressjobs";
  }

  @Override
  public Future<Void> withdraw(String nodeId) {
    return remove(nodeId).mapEmpty();
  }

  @Override
  public Future<Void> putJob(EgressJobRecord job) {
    return redis.hset(List.of(jobsKey, job.jobId(), Json.toString(job))).mapEmpty();
  }

  @Override
  public Future<EgressJobRecord> job(String jobId) {
    return redis
        .hget(jobsKey, jobId)
        .map(r -> r == null ? null : Json.fromString(r.toString(), EgressJobRecord.class));
  }

  @Override
  public Future<List<EgressJobRecord>> jobs(int limit) {
    return redis
        .hvals(jobsKey)
        .map(
            r -> {
              List<EgressJobRecord> out = new ArrayList<>();
              r.forEach(item -> out.add(Json.fromString(item.toString(), EgressJobRecord.class)));
              out.sort(
                  Comparator.comparingLong(EgressJobRecord::startedAt)
                      .reversed()
                      .thenComparing(EgressJobRecord::jobId));
              return out.size() > limit ? out.subList(0, limit) : out;
            });
  }
}
