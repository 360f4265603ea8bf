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
public final class RedisEgressStore implements EgressStore {
  private static final String ANNOUNCE =
      """
      redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
      redis.call('SADD', KEYS[2], ARGV[1])
      return 1
      """;
  private static final String LIVE =
      """
      local out = {}
      for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
        local v = redis.call('GET', ARGV[1] .. id .. '}')
        if v then table.insert(out, v) else redis.call('SREM', KEYS[1], id) end
      end
      return out
      """;
  private static final String WITHDRAW =
      """
      redis.call('SREM', KEYS[2], ARGV[1])
      return redis.call('DEL', KEYS[1])
      """;

  private final RedisAPI redis;
  private final String prefix;

  public RedisEgressStore(RedisAPI redis, String keyPrefix) {
    this.redis = redis;
    this.prefix = keyPrefix;
  }

  private String nodePrefix() {
    return prefix + "egressnode:{";
  }

  private String node(String nodeId) {
    return nodePrefix() + nodeId + "}";
  }

  private String index() {
    return prefix + "egressnodes";
  }

  private String jobsKey() {
    return prefix + "egressjobs";
  }

  @Override
  public Future<Void> announce(EgressNodeRecord node, long leaseMs) {
    return redis
        .eval(
            List.of(
                ANNOUNCE,
                "2",
                node(node.nodeId()),
                index(),
                node.nodeId(),
                Json.toString(node),
                Long.toString(Math.max(1, leaseMs))))
        .mapEmpty();
  }

  @Override
  public Future<List<EgressNodeRecord>> live() {
    return redis
        .eval(List.of(LIVE, "1", index(), nodePrefix()))
        .map(
            r -> {
              List<EgressNodeRecord> out = new ArrayList<>();
              r.forEach(item -> out.add(Json.fromString(item.toString(), EgressNodeRecord.class)));
              out.sort(Comparator.comparing(EgressNodeRecord::nodeId));
              return out;
            });
  }

  @Override
  public Future<Void> withdraw(String nodeId) {
    return redis.eval(List.of(WITHDRAW, "2", node(nodeId), index(), nodeId)).mapEmpty();
  }

  @Override
  public Future<Void> putJob(EgressJobRecord job) {
    return redis.hset(List.of(jobsKey(), job.jobId(), Json.toString(job))).mapEmpty();
  }

  @Override
  public Future<EgressJobRecord> job(String jobId) {
    return redis
        .hget(jobsKey(), jobId)
        .map(r -> r == null ? null : Json.fromString(r.toString(), EgressJobRecord.class));
  }

  @Override
  public Future<List<EgressJobRecord>> jobs(int limit) {
    return redis
        .hvals(jobsKey())
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
