package io.liveroom.egress;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.EgressStart;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.store.EgressNodeRecord;
import io.liveroom.infra.store.EgressStore;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code egress.autoRecordRooms}: when a publisher's media starts flowing in such a room, one
 * egress node records it. Every egress node hears the event; the node chosen by rendezvous hashing
 * over the live egress nodes (the same answer everywhere) starts the job, the others do nothing.
 */
final class AutoRecorder {
  private final Bus bus;
  private final EgressStore store;
  private final EgressConfig config;
  private final String nodeId;
  private final Function<EgressStart, Future<?>> starter;

  AutoRecorder(
      Bus bus,
      EgressStore store,
      EgressConfig config,
      String nodeId,
      Function<EgressStart, Future<?>> starter) {
    this.bus = bus;
    this.store = store;
    this.config = config;
    this.nodeId = nodeId;
    this.starter = starter;
  }

  void published(MediaPeerUpdated u) {
    if (config.autoRecordRooms().isEmpty()) {
      return;
    }
    bus.request(Addresses.ROOM_STREAM_LOCATE, new LocateStream(u.streamId()), StreamLocation.class)
        .compose(
            location -> {
              if (!config.autoRecords(location.roomId()) || !u.nodeId().equals(location.nodeId())) {
                return Future.succeededFuture();
              }
              return store
                  .live()
                  .compose(
                      nodes -> {
                        String chosen =
                            nodes.stream()
                                .map(EgressNodeRecord::nodeId)
                                .max(
                                    Comparator.comparingInt(
                                        n -> (n + "|" + u.streamId()).hashCode()))
                                .orElse(null);
                        if (!nodeId.equals(chosen)) {
                          return Future.succeededFuture();
                        }
                        return starter.apply(
                            new EgressStart(
                                "auto-" + UUID.randomUUID().toString().substring(0, 8),
                                "record",
                                u.streamId(),
                                location.roomId(),
                                u.nodeId(),
                                null));
                      });
            })
        .onFailure(e -> Failures.logBackground(e, "auto-recording stream " + u.streamId()));
  }
}
