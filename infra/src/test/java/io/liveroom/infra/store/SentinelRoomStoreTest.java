package io.liveroom.infra.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.liveroom.infra.config.StoreConfig;
import io.liveroom.infra.testing.RedisSentinelExtension;
import io.liveroom.infra.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The room contract (rooms and their members) in {@code store.mode=sentinel}: the client asks three
 * real sentinels for the master and runs every command and script there.
 */
class SentinelRoomStoreTest extends RoomStoreContract {
  @RegisterExtension static final RedisSentinelExtension SENTINEL = new RedisSentinelExtension();
  private String prefix;

  @Override
  protected StoreConfig config() {
    prefix = RedisServer.freshPrefix();
    return SENTINEL.storeConfig(prefix);
  }

  @Test
  void writesLandOnTheMasterTheSentinelsName() {
    assertInstanceOf(RedisRoomStore.class, rooms);
    await(rooms.open(room("r1", RoomInfo.LIVE, 10)));
    RedisServer master = SENTINEL.master().server();
    assertEquals("1", master.command("EXISTS", prefix + "{room:r1}:info"));
  }
}
