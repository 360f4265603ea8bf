package io.liveroom.chat.store;

import io.vertx.core.Vertx;

class MemoryBroadcastHistoryTest extends BroadcastHistoryContract {
  @Override
  protected BroadcastHistory createHistory(Vertx vertx, int maxCount, long maxAgeMs) {
    return new MemoryBroadcastHistory(maxCount, maxAgeMs);
  }
}
