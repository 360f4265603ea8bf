package io.liveroom.media;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaStopped;
import io.liveroom.infra.contracts.MediaTap;
import io.liveroom.infra.contracts.MediaTapInfo;
import io.liveroom.infra.contracts.MediaUntap;
import io.liveroom.media.engine.MediaEngine;
import io.liveroom.media.engine.StreamTaps;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Serves egress taps on {@link Addresses#mediaTap} / {@link Addresses#mediaUntap} for this node:
 * the control messages only; the RTP itself goes from the forwarding threads straight to UDP.
 */
final class MediaTapService {
  private MediaTapService() {}

  static Future<?> serve(Bus bus, String nodeId, Supplier<MediaEngine> engine) {
    return Future.join(
        bus.serve(
                Addresses.mediaTap(nodeId),
                MediaTap.class,
                q -> Future.succeededFuture(tap(nodeId, engine.get(), q)))
            .completion(),
        bus.serve(
                Addresses.mediaUntap(nodeId),
                MediaUntap.class,
                q -> Future.succeededFuture(new MediaStopped(engine.get().taps().untap(q.tapId()))))
            .completion());
  }

  private static MediaTapInfo tap(String nodeId, MediaEngine engine, MediaTap q) {
    if (q.tapId() == null
        || q.tapId().isBlank()
        || q.host() == null
        || q.videoPort() < 0
        || q.videoPort() > 65535
        || q.audioPort() < 0
        || q.audioPort() > 65535
        || q.leaseMs() < 1000) {
      throw ErrorCode.INVALID_FIELD.exception(
          "tapId, host, ports 0-65535 and leaseMs >= 1000 are required");
    }
    StreamTaps.Info info =
        engine
            .taps()
            .tap(q.tapId(), q.streamId(), q.host(), q.videoPort(), q.audioPort(), q.leaseMs());
    NegotiatedMedia v = info.video();
    NegotiatedMedia a = info.audio();
    return new MediaTapInfo(
        nodeId,
        q.tapId(),
        v == null ? null : v.codec().name(),
        v == null ? 0 : v.codec().payloadType(),
        v == null ? 0 : v.codec().clockRate(),
        v == null ? null : v.codec().fmtp(),
        a == null ? null : a.codec().name(),
        a == null ? 0 : a.codec().payloadType(),
        a == null ? 0 : a.codec().clockRate(),
        a == null ? 0 : a.codec().channels());
  }
}
