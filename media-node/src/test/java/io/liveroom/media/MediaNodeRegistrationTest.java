package io.liveroom.media;

import static io.liveroom.media.TestMediaNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.store.MediaNodeRecord;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node in the media-node registry: announced with capacity and load on start, withdrawn by the
 * drain.
 */
@ExtendWith(VertxExtension.class)
class MediaNodeRegistrationTest {
  @Test
  void announcesCapacityAndLoadThenDrainsOutOfTheRegistry(Vertx vertx) throws Exception {
    Node node =
        TestMediaNodes.node(
            vertx,
            "media-reg",
            "media.maxStreams",
            "7",
            "media.maxPlayers",
            "70",
            "media.drainTimeoutMs",
            "0");
    Stores stores = node.stores();
    MediaNodeVerticle verticle = new MediaNodeVerticle(node);
    String deployment = await(vertx.deployVerticle(verticle));

    MediaNodeRecord announced = await(stores.mediaNodes().get("media-reg"));
    assertEquals(7, announced.maxStreams());
    assertEquals(70, announced.maxPlayers());
    assertEquals(0, announced.streams());
    assertFalse(announced.draining());
    assertEquals(List.of("127.0.0.1:" + verticle.engine().port()), announced.addresses());
    assertTrue(announced.cpuLoad() <= 1.0);

    await(vertx.undeploy(deployment));
    assertNull(
        await(stores.mediaNodes().get("media-reg")), "a stopped node leaves the registry at once");
    assertEquals(List.of(), await(stores.mediaNodes().live()));
  }
}
