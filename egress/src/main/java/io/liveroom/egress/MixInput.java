package io.liveroom.egress;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.EgressMixInput;
import io.liveroom.infra.contracts.MediaStopped;
import io.liveroom.infra.contracts.MediaTap;
import io.liveroom.infra.contracts.MediaTapInfo;
import io.liveroom.infra.contracts.MediaUntap;
import io.vertx.core.Future;

/**
 * One input of a mix job: its stream's tap (four ports from {@code basePort}, under {@code tapId},
 * which changes when the input is tapped afresh) and whether its publisher stopped.
 */
final class MixInput {
  private static final System.Logger LOG = System.getLogger(MixInput.class.getName());
  final EgressMixInput spec;
  final int basePort;
  volatile String tapId;
  volatile MediaTapInfo tap;
  volatile boolean closed;
  int generation;

  MixInput(EgressMixInput spec, int basePort, String tapId) {
    this.spec = spec;
    this.basePort = basePort;
    this.tapId = tapId;
  }

  /**
   * Taps (or renews) the stream on its media node; what it carries, less what the content type
   * leaves out.
   */
  Future<MediaTapInfo> tap(EgressJobRuns runs) {
    boolean video = !"AUDIO".equals(spec.contentType());
    boolean audio = !"VIDEO_ONLY".equals(spec.contentType());
    return runs.node
        .bus()
        .request(
            Addresses.mediaTap(spec.mediaNodeId()),
            new MediaTap(
                tapId,
                spec.streamId(),
                runs.node.config().rtpHost(),
                video ? basePort : 0,
                audio ? basePort + 2 : 0,
                runs.node.config().leaseMs() + 2_000),
            MediaTapInfo.class)
        .map(
            t ->
                new MediaTapInfo(
                    t.nodeId(),
                    t.tapId(),
                    video ? t.videoCodec() : null,
                    t.videoPayloadType(),
                    t.videoClockRate(),
                    t.videoFmtp(),
                    audio ? t.audioCodec() : null,
                    t.audioPayloadType(),
                    t.audioClockRate(),
                    t.audioChannels()));
  }

  void untap(EgressJobRuns runs) {
    String id = tapId;
    runs.node
        .bus()
        .request(Addresses.mediaUntap(spec.mediaNodeId()), new MediaUntap(id), MediaStopped.class)
        .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "untap " + id + ": " + e));
  }
}
