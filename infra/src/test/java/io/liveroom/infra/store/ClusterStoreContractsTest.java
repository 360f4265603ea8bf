package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.testing.RedisClusterExtension;
import io.liveroom.infra.testing.RedisProcess;
import io.liveroom.infra.testing.RedisServer;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every store contract in {@code store.mode=cluster}, against one real 3-master Redis Cluster
 * shared by the nested suites. Redis Cluster refuses a script whose keys hash to two slots
 * (CROSSSLOT) or that reaches an undeclared key of another node, so these suites fail if any store
 * script spans slots.
 */
class ClusterStoreContractsTest {
  @RegisterExtension static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

  static StoreConfig fresh() {
    return CLUSTER.storeConfig(RedisServer.freshPrefix());
  }

  @Nested
  class Rooms extends RoomStoreContract {
    @Override
    protected StoreConfig config() {
      return fresh();
    }
  }

  @Nested
  class Membership extends MembershipStoreContract {
    private final List<Stores> opened = new ArrayList<>();

    @Override
    protected MembershipStore createStore(Vertx vertx) {
      Stores s = new Stores(vertx, fresh());
      opened.add(s);
      return s.membership();
    }

    @Override
    protected void closeStore() {
      opened.forEach(Stores::close);
      opened.clear();
    }
  }

  @Nested
  class Streams extends StreamStoreContract {
    @Override
    protected StoreConfig config() {
      return fresh();
    }
  }

  @Nested
  class Placements extends PlacementStoreContract {
    private StoreConfig config;

    @Override
    protected StoreConfig config() {
      config = fresh();
      return config;
    }

    @Override
    protected PlacementStore sameData(Vertx vertx) {
      return open(vertx, config).placements();
    }
  }

  @Nested
  class MediaNodes extends MediaNodeStoreContract {
    @Override
    protected StoreConfig config() {
      return fresh();
    }
  }

  @Nested
  class Egress extends EgressStoreContract {
    @Override
    protected StoreConfig config() {
      return fresh();
    }
  }

  @Nested
  class Cursors extends DeliveryCursorsContract {
    @Override
    protected StoreConfig config() {
      return fresh();
    }
  }

  @Nested
  class Events extends EventLogContract {
    @Override
    protected StoreConfig config() {
      return fresh();
    }
  }

  /** Store-loss detection per master: each check covers every shard. */
  @Nested
  class Epoch extends StoresContractSupport {
    @Override
    protected StoreConfig config() {
      return fresh();
    }

    @Test
    void aShardThatLostItsStateIsNoticedOnceAndQuietChecksStayQuiet() {
      assertInstanceOf(ClusterStoreEpoch.class, stores.epoch());
      for (int i = 0; i < 5; i++) {
        assertFalse(await(stores.epoch().check()), "no loss on check " + i);
      }
      // every master holds an epoch of its own
      long epochs = 0;
      for (RedisProcess node : CLUSTER.nodes()) {
        String keys = node.server().command("KEYS", "*:epoch");
        epochs += keys == null || keys.isEmpty() ? 0 : keys.split("\n").length;
      }
      assertEquals(CLUSTER.nodes().size(), epochs, "one epoch per master");
      CLUSTER.nodes().get(1).server().flushAll();
      assertTrue(await(stores.epoch().check()), "an emptied master is a loss");
      assertFalse(await(stores.epoch().check()), "noticed once");
    }
  }

  /** The slot function the layout relies on agrees with the cluster's own. */
  @Nested
  class Slots {
    @Test
    void slotsMatchClusterKeyslotAndARoomStaysInOneSlot() {
      RedisServer node = CLUSTER.nodes().get(0).server();
      for (String key :
          List.of(
              "liveroom:{room:r1}:members",
              "a",
              "{}x",
              "foo{}{bar}",
              "{user1000}.following",
              "liveroom:{medianodes}:index",
              "ünïcode-🎥")) {
        assertEquals(
            Integer.parseInt(node.command("CLUSTER", "KEYSLOT", key)), RedisKeys.slot(key), key);
      }
      int slot = RedisKeys.slot(RedisKeys.room("p:", "r1", "members"));
      for (String what : List.of("info", "extra", "streams", "placement")) {
        assertEquals(slot, RedisKeys.slot(RedisKeys.room("p:", "r1", what)), what);
      }
    }
  }
}
