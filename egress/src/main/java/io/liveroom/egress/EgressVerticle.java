package io.liveroom.egress;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.EgressJobInfo;
import io.liveroom.infra.contracts.EgressMixStart;
import io.liveroom.infra.contracts.EgressStart;
import io.liveroom.infra.contracts.EgressStop;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.MediaPeerUpdated;
import io.liveroom.infra.store.EgressEvents;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;

/**
 * The egress role: checks ffmpeg (refuses to start without it, naming the Debian package), then
 * serves {@link Addresses#egressStart} / {@link Addresses#egressStop} for this node, ends a
 * stream's jobs when its publisher closes, and announces itself every leaseMs/3 under {@code
 * egress.leaseMs} in the shared egress registry (the gateway places jobs from it).
 */
public final class EgressVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger(EgressVerticle.class.getName());
  private final Node node;
  private final EgressConfig config;
  private EgressJobs jobs;
  private MixJobs mixes;
  private AutoRecorder autoRecorder;
  private long timer = -1;

  public EgressVerticle(Node node) {
    this.node = node;
    this.config = EgressConfig.from(node.config());
  }

  @Override
  public Future<?> start() {
    Bus bus = node.bus();
    String id = node.id();
    // the output directories are made by the first job that needs them, not at start
    return vertx
        .executeBlocking(() -> Ffmpeg.check(config.ffmpeg()), false)
        .compose(
            ffmpeg -> {
              LOG.log(
                  System.Logger.Level.INFO,
                  "egress on "
                      + config.rtpHost()
                      + " with "
                      + ffmpeg.version()
                      + (ffmpeg.libx264() ? "" : " (no libx264: VP8 cannot be transcoded)")
                      + ", output in "
                      + Path.of(config.outputDir()).toAbsolutePath());
              EgressJobRuns runs =
                  new EgressJobRuns(
                      new EgressNode(vertx, bus, id, config),
                      node.stores().egress(),
                      new EgressEvents(node.stores().events(EventsConfig.from(node.config()))),
                      ffmpeg);
              jobs = new EgressJobs(runs);
              mixes = new MixJobs(runs);
              autoRecorder = new AutoRecorder(bus, node.stores().egress(), config, id, jobs::start);
              timer =
                  vertx.setPeriodic(
                      Math.max(500, config.leaseMs() / 3),
                      t -> {
                        mixes.renew();
                        jobs.renew()
                            .onFailure(e -> Failures.logBackground(e, "egress announcement"));
                      });
              return Future.join(
                      bus.serve(
                              Addresses.egressStart(id),
                              EgressStart.class,
                              q -> jobs.start(q).map(EgressJobInfo::new))
                          .completion(),
                      bus.serve(
                              Addresses.egressStop(id),
                              EgressStop.class,
                              q ->
                                  (mixes.has(q.jobId())
                                          ? mixes.stop(q.jobId())
                                          : jobs.stop(q.jobId()))
                                      .map(EgressJobInfo::new))
                          .completion(),
                      bus.serve(
                              Addresses.egressMix(id),
                              EgressMixStart.class,
                              q -> mixes.start(q).map(EgressJobInfo::new))
                          .completion(),
                      bus.eventBus()
                          .<Object>consumer(
                              Addresses.MEDIA_PEER_UPDATED,
                              m -> {
                                if (m.body() instanceof MediaPeerUpdated u
                                    && "PUBLISHER".equals(u.role())) {
                                  if ("CLOSED".equals(u.state())) {
                                    jobs.publisherClosed(u.nodeId(), u.streamId());
                                    mixes.publisherClosed(u.nodeId(), u.streamId());
                                  } else if ("CONNECTED".equals(u.state())) {
                                    autoRecorder.published(u);
                                  }
                                }
                              })
                          .completion())
                  .compose(v -> jobs.renew());
            });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return jobs == null
        ? Future.succeededFuture()
        : mixes.stopAll().transform(ar -> jobs.stopAll());
  }
}
