package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.json.Json;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.infra.testing.RedisServerExtension;
import io.liveroom.infra.testing.RedisStoresFixture;
import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream contract against a real redis-server, through {@link Stores} as production builds it.
 */
class RedisStreamStoreTest extends StreamStoreContract {
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private final RedisStoresFixture backend = new RedisStoresFixture(REDIS);

  @Override
  protected StoreConfig config() {
    return backend.freshConfig();
  }

  @Test
  void storesBuildTheRedisBackend() {
    assertInstanceOf(RedisStreamStore.class, streams);
  }

  @Test
  void keysLiveUnderThePrefixAndRemovingLeavesNone(RedisServer redis) {
    await(streams.add(stream("cam-1", "r1", "alice", "s1")));
    assertEquals("1", redis.command("EXISTS", backend.prefix() + "stream:{cam-1}"));
    assertEquals("1", redis.command("EXISTS", backend.prefix() + "{room:r1}:streams"));
    assertEquals(2, redis.dbSize());
    await(streams.remove("cam-1", "s1"));
    assertEquals(0, redis.dbSize(), "the last stream of a room leaves no key behind");
  }

  @Test
  void theClaimNamesTheRoomAndTheRoomHoldsTheCurrentRecord(RedisServer redis) {
    StreamRecord s =
        new StreamRecord("cam-1", "r1", "alice", "Zoë 🎥", "s1", "gw-1", null, 1_700_000_123_456L);
    await(streams.add(s));
    await(streams.setExtraInfo("cam-1", "s1", "{\"a\":[1,2]} / ü"));
    await(streams.rebind("r1", "s1", "gw-2"));
    StreamRecord expected = s.withExtraInfo("{\"a\":[1,2]} / ü").withGateway("gw-2");
    assertEquals(
        s,
        Json.fromString(
            redis.command("GET", backend.prefix() + "stream:{cam-1}"), StreamRecord.class),
        "the claim keeps the record as added (its room)");
    assertEquals(expected, await(streams.get("cam-1")));
    assertEquals(
        expected,
        Json.fromString(
            redis.command("HGET", backend.prefix() + "{room:r1}:streams", "cam-1"),
            StreamRecord.class));
  }

  @Test
  void anotherInstanceSeesAndRespectsTheRegistry(Vertx vertx) {
    StreamStore sameData = open(vertx, backend.sameData()).streams();
    StreamRecord held = stream("cam-1", "r1", "alice", "s1");
    await(streams.add(held));
    assertEquals(held, await(sameData.add(stream("cam-1", "r2", "bob", "s2"))));
    assertEquals(List.of(held), await(sameData.inRoom("r1")));
    assertEquals(held, await(sameData.remove("cam-1", null)));
    assertNull(await(streams.get("cam-1")));
  }

  @Test
  void prefixesIsolateStreams(Vertx vertx) {
    StreamStore other = open(vertx, backend.otherData()).streams();
    StreamRecord mine = stream("cam-1", "r1", "alice", "s1");
    StreamRecord theirs = stream("cam-1", "r1", "bob", "s2");
    assertNull(await(streams.add(mine)));
    assertNull(await(other.add(theirs)), "the same streamID is free under another prefix");
    assertEquals(List.of(theirs), await(other.inRoom("r1")));
    assertEquals(mine, await(streams.get("cam-1")));
  }
}
