package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.infra.testing.RedisStoresFixture;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real redis-server, through {@link Stores} as production builds it. */
class RedisMembershipStoreTest extends MembershipStoreContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private final RedisStoresFixture backend = new RedisStoresFixture(REDIS);

  @Override
  protected MembershipStore createStore(Vertx vertx) {
    return backend.openFresh(vertx).membership();
  }

  @Override
  protected void closeStore() {
    backend.closeAll();
  }

  @Test
  void storesBuildARedisBackendThatAnswersPing(Vertx vertx) {
    Stores stores = backend.open(vertx, backend.prefix());
    assertTrue(stores.usesRedis());
    assertInstanceOf(RedisMembershipStore.class, stores.membership());
    assertTrue(await(stores.ping().map(true)));
  }

  @Test
  void keysLiveUnderThePrefixAndVanishWithTheLastMember(RedisServer redis) {
    await(store.join(member("r1", "alice", "s1"), 0));
    assertEquals("1", redis.command("EXISTS", backend.prefix() + "{room:r1}:members"));
    assertEquals("1", redis.command("EXISTS", backend.prefix() + "user:{alice}:rooms"));
    assertEquals("1", redis.command("EXISTS", backend.prefix() + "gateway:{gw-1}:members"));
    assertEquals(3, redis.dbSize());
    await(store.leave("r1", "alice", "s1"));
    assertEquals(0, redis.dbSize());
  }

  @Test
  void fullJoinLeavesNoKeys(RedisServer redis) {
    await(store.join(member("r1", "u1", "s1"), 1));
    assertEquals(3, redis.dbSize());
    await(store.join(member("r1", "u2", "s2"), 1));
    assertEquals(3, redis.dbSize(), "a FULL join must not create the user's rooms set");
  }

  @Test
  void prefixesIsolateStores(Vertx vertx) {
    MembershipStore other = backend.open(vertx, "other-" + UUID.randomUUID() + ":").membership();
    await(store.join(member("shared", "alice", "s1"), 1));
    assertEquals(
        JoinResult.Outcome.JOINED, await(other.join(member("shared", "bob", "s2"), 1)).outcome());
    assertNull(await(other.member("shared", "alice")));
    assertEquals(Set.of("bob"), userIds(await(other.members("shared"))));
    assertEquals(Set.of("alice"), userIds(await(store.members("shared"))));
  }

  @Test
  void aStoreSeesWhatAnotherInstanceWrote(Vertx vertx) {
    MembershipStore sameData = backend.open(vertx, backend.prefix()).membership();
    Member alice = member("r1", "alice", "s1");
    await(store.join(alice, 0));
    assertEquals(alice, await(sameData.member("r1", "alice")));
    assertEquals(
        JoinResult.Outcome.REPLACED,
        await(sameData.join(member("r1", "alice", "s2"), 0)).outcome());
    assertEquals("s2", await(store.member("r1", "alice")).sessionId());
  }
}
