package io.liveroom.gateway.fanout;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.gateway.GatewayMetrics;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.ws.Protocol;
import io.liveroom.gateway.ws.Pushes;
import io.liveroom.gateway.ws.SharedTextFrame;
import io.liveroom.infra.contracts.ChatData;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Barrage pushes: best effort and paced ({@link BarragePacer}: a large room's batches are merged
 * further so its frames stay within the gateway's frame budget); each frame is encoded once ({@link
 * SharedTextFrame}) and a member whose connection cannot keep up misses it (counted in {@link
 * #dropped()}), nobody waits for it.
 */
final class BarrageWriter {
  private final RoomMembers members;
  private final GatewayMetrics metrics;
  private final BarragePacer pacer;
  private final LongAdder dropped = new LongAdder();

  BarrageWriter(Vertx vertx, GatewayConfig config, RoomMembers members, GatewayMetrics metrics) {
    this.members = members;
    this.metrics = metrics;
    this.pacer =
        new BarragePacer(
            vertx,
            config.barrageFrameBudget(),
            config.barrageMaxDelayMs(),
            config.barrageMaxPerFrame(),
            this::write);
  }

  void offer(String roomId, int memberCount, List<ChatData> messages) {
    pacer.offer(roomId, memberCount, messages);
  }

  /** The room has no local member any more. */
  void forget(String roomId) {
    pacer.forget(roomId);
  }

  /** Barrage frames not written because the member's connection could not keep up. */
  long dropped() {
    return dropped.sum();
  }

  /** Writes one barrage frame with these messages to every local member of the room. */
  private void write(String roomId, List<ChatData> messages) {
    Map<Session, Session.Seat> seats = members.of(roomId);
    if (seats == null) {
      return;
    }
    SharedTextFrame frame =
        new SharedTextFrame(
            Protocol.push("IMRecvBarrageMessage")
                .put("roomID", roomId)
                .put("chatData", Pushes.chatData(messages))
                .encode());
    int missed = 0;
    try {
      // the seats stored here, not session.rooms() lookups: 5,000 hash lookups per frame were the
      // hot spot
      for (Map.Entry<Session, Session.Seat> member : seats.entrySet()) {
        if (!member.getKey().pushDroppable(member.getValue(), frame)) {
          missed++;
        }
      }
    } finally {
      frame.release();
    }
    dropped.add(missed);
    metrics.barrageFrame(messages.size(), seats.size() - missed, missed);
  }
}
