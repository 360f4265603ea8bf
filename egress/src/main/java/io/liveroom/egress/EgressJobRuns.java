package io.liveroom.egress;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.MediaStopped;
import io.liveroom.infra.contracts.MediaTap;
import io.liveroom.infra.contracts.MediaTapInfo;
import io.liveroom.infra.contracts.MediaUntap;
import io.liveroom.infra.store.EgressEvents;
import io.liveroom.infra.store.EgressJobRecord;
import io.liveroom.infra.store.EgressStore;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The running jobs of this egress node and their processes: the media taps, ffmpeg's launch and
 * exit (an RTMP push reconnects), and a job's end (its manifest written, its final record stored).
 */
final class EgressJobRuns {
  private static final System.Logger LOG = System.getLogger(EgressJobs.class.getName());
  final EgressNode node;
  final EgressStore store;
  final EgressEvents events;
  final Ffmpeg ffmpeg;
  final Map<String, EgressJob> jobs = new ConcurrentHashMap<>();

  /** Jobs this node runs besides {@link #jobs} (its mix jobs), for capacity and announcements. */
  volatile IntSupplier otherJobs = () -> 0;

  EgressJobRuns(EgressNode node, EgressStore store, EgressEvents events, Ffmpeg ffmpeg) {
    this.node = node;
    this.store = store;
    this.events = events;
    this.ffmpeg = ffmpeg;
  }

  Future<MediaTapInfo> tap(EgressJob job) {
    EgressJobRecord r = job.record;
    return node.bus()
        .request(
            Addresses.mediaTap(r.mediaNodeId()),
            new MediaTap(
                job.id(),
                r.streamId(),
                node.config().rtpHost(),
                job.basePort,
                job.basePort + 2,
                node.config().leaseMs() + 2_000),
            MediaTapInfo.class);
  }

  Future<MediaStopped> untap(EgressJob job) {
    return node.bus()
        .request(
            Addresses.mediaUntap(job.record.mediaNodeId()),
            new MediaUntap(job.id()),
            MediaStopped.class)
        .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "untap " + job.id() + ": " + e));
  }

  /** Starts the process and watches its exit (blocking). */
  Void launch(EgressJob job) throws IOException {
    Process p = job.launch();
    LOG.log(
        System.Logger.Level.INFO,
        "egress job "
            + job.id()
            + " ("
            + job.record.kind()
            + " of "
            + job.record.streamId()
            + "): ffmpeg pid "
            + p.pid());
    p.onExit()
        .thenAccept(exited -> node.vertx().runOnContext(v -> exited(job, exited.exitValue())));
    return null;
  }

  /**
   * ffmpeg exited: the job ended (stopped, or its input went quiet), failed, or an RTMP push
   * reconnects.
   */
  private void exited(EgressJob job, int exitCode) {
    if (!job.stopping && "rtmp".equals(job.record.kind()) && jobs.containsKey(job.id())) {
      String why = "ffmpeg exited " + exitCode + ": " + job.lastLog();
      job.record = restarted(job.record, why);
      store.putJob(job.record);
      node.vertx()
          .setTimer(
              node.config().rtmpReconnectMs(),
              t -> {
                if (!job.stopping) {
                  // a fresh tap (not a renewal) so the publisher is asked for keyframes again
                  untap(job)
                      .transform(x -> tap(job))
                      .compose(x -> blocking(() -> launch(job)))
                      .onFailure(
                          e ->
                              finish(
                                  job,
                                  EgressJobRecord.FAILED,
                                  "reconnect failed: " + e.getMessage()));
                }
              });
      return;
    }
    boolean clean = job.stopping || exitCode == 0;
    finish(
        job,
        clean && job.endState == null
            ? EgressJobRecord.ENDED
            : job.endState != null ? job.endState : EgressJobRecord.FAILED,
        clean ? null : "ffmpeg exited " + exitCode + ": " + job.lastLog());
  }

  private static EgressJobRecord restarted(EgressJobRecord r, String error) {
    return new EgressJobRecord(
        r.jobId(),
        r.kind(),
        r.streamId(),
        r.roomId(),
        r.egressNodeId(),
        r.mediaNodeId(),
        r.state(),
        r.output(),
        r.manifest(),
        r.codec(),
        error,
        r.startedAt(),
        r.endedAt(),
        System.currentTimeMillis(),
        r.restarts() + 1);
  }

  private void finish(EgressJob job, String state, String error) {
    if (jobs.remove(job.id()) == null) {
      return;
    }
    untap(job);
    long now = System.currentTimeMillis();
    EgressJobRecord done = job.record.withState(state, error, now);
    blocking(
            () -> {
              if (done.manifest() != null) {
                Manifest.write(ffmpeg, done, job.tap);
              }
              return null;
            })
        .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "manifest of " + job.id() + ": " + e))
        .eventually(
            () -> {
              job.record = done;
              return store.putJob(done).compose(v -> events.finished(done));
            })
        .onComplete(
            ar ->
                LOG.log(
                    System.Logger.Level.INFO,
                    "egress job " + job.id() + " " + state + (error == null ? "" : ": " + error)));
  }

  <T> Future<T> blocking(Callable<T> call) {
    return node.vertx().executeBlocking(call, false);
  }
}
