package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.infra.testing.RedisStoresFixture;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The room contract against a real redis-server, through {@link Stores} as production builds it.
 */
class RedisRoomStoreTest extends RoomStoreContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private final RedisStoresFixture backend = new RedisStoresFixture(REDIS);

  @Override
  protected StoreConfig config() {
    return backend.freshConfig();
  }

  @Test
  void storesBuildTheRedisBackend() {
    assertInstanceOf(RedisRoomStore.class, rooms);
    assertInstanceOf(RedisMembershipStore.class, membership);
  }

  @Test
  void keysLiveUnderThePrefixAndClosingLeavesNone(RedisServer redis) {
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    assertTrue(await(rooms.setExtraInfo("r1", extra("topic", "t", 1), 5)));
    assertEquals("1", redis.command("EXISTS", backend.prefix() + "{room:r1}:info"));
    assertEquals("1", redis.command("EXISTS", backend.prefix() + "{room:r1}:extra"));
    assertEquals("1", redis.command("EXISTS", backend.prefix() + "rooms"));
    assertEquals(3, redis.dbSize());
    assertTrue(await(rooms.closeIfEmpty("r1")));
    assertEquals(0, redis.dbSize(), "a closed room leaves no key behind");
  }

  @Test
  void closingSeesMembersJoinedThroughAnotherInstance(Vertx vertx) {
    Stores other = open(vertx, backend.sameData());
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    await(other.membership().join(member("r1", "alice", "s1"), 10));
    assertFalse(await(rooms.closeIfEmpty("r1")));
    await(other.membership().leave("r1", "alice", null));
    assertTrue(await(other.rooms().closeIfEmpty("r1")));
    assertEquals(0, await(rooms.roomCount()));
  }

  @Test
  void prefixesIsolateRooms(Vertx vertx) {
    Stores other = open(vertx, backend.otherData());
    RoomInfo mine = room("shared", RoomInfo.LIVE, 10);
    RoomInfo theirs = new RoomInfo("shared", RoomInfo.P2P, 2, 1L);
    await(rooms.open(mine));
    assertEquals(theirs, await(other.rooms().open(theirs)));
    await(other.membership().join(member("shared", "bob", "s1"), 10));
    assertTrue(await(rooms.closeIfEmpty("shared")), "a member under another prefix does not count");
    assertEquals(List.of("shared"), await(other.rooms().list(0, 10)));
    assertEquals(theirs, await(other.rooms().info("shared")));
  }
}
