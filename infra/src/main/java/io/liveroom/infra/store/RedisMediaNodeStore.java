package io.liveroom.infra.store;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;

/**
 * The media-node registry in Redis: {@code medianode:{id}} holds the announcement with a PX lease;
 * the set {@code medianodes} indexes them (entries whose key expired are dropped on read).
 */
public final class RedisMediaNodeStore implements MediaNodeStore {
  private final RedisLeasedRegistry<MediaNodeRecord> nodes;

  public RedisMediaNodeStore(RedisAPI redis, String keyPrefix) {
    this.nodes =
        new RedisLeasedRegistry<>(
            redis, keyPrefix, "medianode", MediaNodeRecord.class, MediaNodeRecord::nodeId);
  }

  @Override
  public Future<Void> announce(MediaNodeRecord node, long leaseMs) {
    return nodes.announce(node, leaseMs);
  }

  @Override
  public Future<List<MediaNodeRecord>> live() {
    return nodes.live();
  }

  @Override
  public Future<MediaNodeRecord> get(String nodeId) {
    return nodes.get(nodeId);
  }

  @Override
  public Future<Boolean> remove(String nodeId) {
    return nodes.remove(nodeId);
  }
}
