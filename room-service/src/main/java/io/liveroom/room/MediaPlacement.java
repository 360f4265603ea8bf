package io.liveroom.room;

import io.vertx.core.Future;

/**
 * Decides which media node a room's media lives on. A room's streams share one node while it has
 * any; the policy for a room's first stream is the implementation's.
 */
public interface MediaPlacement {
  Future<String> nodeFor(String roomId);
}
