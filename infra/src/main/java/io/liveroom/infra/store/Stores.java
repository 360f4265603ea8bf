package io.liveroom.infra.store;

import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.StoreReset;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;
import io.vertx.redis.client.RedisRole;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds the stores of the configured backend; owns the shared Redis client when there is one, and
 * then checks every {@code store.epochCheckMs} whether Redis lost its state ({@link StoreEpoch}),
 * publishing {@link StoreReset} on this node's event bus when it did.
 */
public final class Stores {
  private static final System.Logger LOG = System.getLogger(Stores.class.getName());
  private final StoreConfig config;
  private final Redis redisClient;
  private final RedisAPI redis;
  private final MembershipStore membership;
  private final RoomStore rooms;
  private final StreamStore streams;
  private final SessionStore sessions;
  private final MediaNodeStore mediaNodes;
  private final PlacementStore placements;
  private final EgressStore egress;
  private final StoreEpoch epoch;
  private final Vertx vertx;
  private long epochTimer = -1;
  private EventLog eventLog;
  private DeliveryCursors cursors;
  private final AtomicBoolean checking = new AtomicBoolean();

  public Stores(Vertx vertx, StoreConfig config) {
    this.config = config;
    this.vertx = vertx;
    if (config.type() == StoreConfig.Type.REDIS) {
      redisClient =
          new BoundedRedis(
              Redis.createClient(vertx, redisOptions(config)), config.requestTimeoutMs());
      redis = RedisAPI.api(redisClient);
      membership = new RedisMembershipStore(redis, config.keyPrefix());
      rooms = new RedisRoomStore(redis, config.keyPrefix());
      streams = new RedisStreamStore(redis, config.keyPrefix());
      sessions = new RedisSessionStore(redis, config.keyPrefix());
      mediaNodes = new RedisMediaNodeStore(redis, config.keyPrefix());
      placements = new RedisPlacementStore(redis, config.keyPrefix());
      egress = new RedisEgressStore(redis, config.keyPrefix());
      epoch =
          config.mode() == StoreConfig.Mode.CLUSTER
              ? new ClusterStoreEpoch(redis, config.keyPrefix())
              : new RedisStoreEpoch(redis, config.keyPrefix());
      epochTimer = vertx.setPeriodic(config.epochCheckMs(), t -> checkEpoch());
    } else {
      redisClient = null;
      redis = null;
      membership = new MemoryMembershipStore();
      rooms = new MemoryRoomStore(membership);
      streams = new MemoryStreamStore();
      sessions = new MemorySessionStore(System::currentTimeMillis);
      mediaNodes = new MemoryMediaNodeStore(System::currentTimeMillis);
      placements = new MemoryPlacementStore(System::currentTimeMillis);
      egress = new MemoryEgressStore(System::currentTimeMillis);
      epoch = StoreEpoch.NONE;
    }
  }

  /**
   * The client options of {@code config}'s mode: one server; the master the sentinels name (asked
   * again for every new connection, so a failover is followed); or a Redis Cluster whose slot map
   * the client learns from the seeds and refreshes on MOVED.
   */
  static RedisOptions redisOptions(StoreConfig config) {
    RedisOptions options =
        new RedisOptions().setMaxPoolSize(config.redisPoolSize()).setMaxPoolWaiting(10_000);
    switch (config.mode()) {
      case SENTINEL -> {
        options
            .setType(RedisClientType.SENTINEL)
            .setMasterName(config.sentinelMaster())
            .setRole(RedisRole.MASTER)
            .setAutoFailover(true);
        config.sentinels().forEach(options::addConnectionString);
      }
      case CLUSTER -> {
        options.setType(RedisClientType.CLUSTER).setUseReplicas(RedisReplicas.NEVER);
        config.clusterNodes().forEach(options::addConnectionString);
      }
      case STANDALONE -> options.setConnectionString(config.redisUrl());
    }
    return options;
  }

  /** One epoch check at a time; a loss is announced on this node's event bus. */
  private void checkEpoch() {
    if (!checking.compareAndSet(false, true)) {
      return;
    }
    // a request cut off by a dying server may never be answered: the next check must not wait for
    // it
    epoch
        .check()
        .timeout(Math.max(1_000, 2 * config.epochCheckMs()), TimeUnit.MILLISECONDS)
        .onComplete(
            ar -> {
              checking.set(false);
              if (ar.succeeded() && ar.result()) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    "the store lost its state (Redis restarted empty, failed over or"
                        + " restored an older snapshot): live state is being re-asserted");
                vertx
                    .eventBus()
                    .publish(
                        Addresses.STORE_RESET,
                        new StoreReset(System.currentTimeMillis()),
                        new DeliveryOptions().setLocalOnly(true));
              }
            });
  }

  /** Detects a loss of the store's state. */
  public StoreEpoch epoch() {
    return epoch;
  }

  public StoreConfig config() {
    return config;
  }

  public boolean usesRedis() {
    return redis != null;
  }

  /**
   * The shared Redis API, or {@code null} with the memory backend: for modules building their own
   * stores.
   */
  public RedisAPI redis() {
    return redis;
  }

  public MembershipStore membership() {
    return membership;
  }

  public RoomStore rooms() {
    return rooms;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public StreamStore streams() {
    return streams;
  }

  /** The media-node registry (announcements under a lease). */
  public MediaNodeStore mediaNodes() {
    return mediaNodes;
  }

  /** Room -> media node placements. */
  public PlacementStore placements() {
    return placements;
  }

  /**
   * The deployment's event log, built on first use with {@code config} (every service of a process
   * shares the one log: in single-process mode it is this process's memory ring).
   */
  public synchronized EventLog events(EventsConfig config) {
    if (eventLog == null) {
      eventLog =
          redis != null
              ? new RedisEventLog(
                  redis,
                  this.config.keyPrefix(),
                  config.retentionCount(),
                  config.retentionMs(),
                  System::currentTimeMillis)
              : new MemoryEventLog(
                  config.retentionCount(), config.retentionMs(), System::currentTimeMillis);
    }
    return eventLog;
  }

  /** Webhook delivery positions and leases (see {@link DeliveryCursors}). */
  public synchronized DeliveryCursors deliveryCursors() {
    if (cursors == null) {
      cursors =
          redis != null
              ? new RedisDeliveryCursors(redis, config.keyPrefix())
              : new MemoryDeliveryCursors(System::currentTimeMillis);
    }
    return cursors;
  }

  /** The egress registry: egress nodes under a lease and every job's record. */
  public EgressStore egress() {
    return egress;
  }

  /** Succeeds when the backend answers (Redis PING); always for memory. */
  public Future<Void> ping() {
    return redis == null ? Future.succeededFuture() : redis.ping(List.of()).mapEmpty();
  }

  public void close() {
    if (epochTimer >= 0) {
      vertx.cancelTimer(epochTimer);
    }
    if (redisClient != null) {
      redisClient.close();
    }
  }
}
