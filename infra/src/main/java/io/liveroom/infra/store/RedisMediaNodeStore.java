package io.liveroom.infra.store;

import io.vertx.redis.client.RedisAPI;

/**
 * The media-node registry in Redis: {@code medianode:{id}} holds the announcement with a PX lease;
 * the set {@code medianodes} indexes them (entries whose key expired are dropped on read).
 */
public final class RedisMediaNodeStore extends RedisLeasedRegistry<MediaNodeRecord>
    implements MediaNodeStore {
  public RedisMediaNodeStore(RedisAPI redis, String keyPrefix) {
    super(redis, keyPrefix, "medianode", MediaNodeRecord.class, MediaNodeRecord::nodeId);
  }
}
