package io.liveroom.egress;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.EgressStart;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.MediaStopped;
import io.liveroom.infra.contracts.MediaTap;
import io.liveroom.infra.contracts.MediaTapInfo;
import io.liveroom.infra.contracts.MediaUntap;
import io.liveroom.infra.store.EgressEvents;
import io.liveroom.infra.store.EgressJobRecord;
import io.liveroom.infra.store.EgressNodeRecord;
import io.liveroom.infra.store.EgressStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs of this egress node: each is a tap on the stream's media node plus one ffmpeg process
 * reading the tap's RTP through an SDP file. Job records go to the shared {@link EgressStore};
 * {@link #renew} (every leaseMs/3) renews the taps and this node's announcement.
 */
final class EgressJobs {
  private static final System.Logger LOG = System.getLogger(EgressJobs.class.getName());
  private final Vertx vertx;
  private final Bus bus;
  private final EgressStore store;
  private final EgressConfig config;
  private final Ffmpeg ffmpeg;
  private final String nodeId;
  private final Path root;
  private final Map<String, EgressJob> jobs = new ConcurrentHashMap<>();
  private final EgressEvents events;

  EgressJobs(
      Vertx vertx,
      Bus bus,
      EgressStore store,
      EgressEvents events,
      EgressConfig config,
      Ffmpeg ffmpeg,
      String nodeId) {
    this.vertx = vertx;
    this.events = events;
    this.bus = bus;
    this.store = store;
    this.config = config;
    this.ffmpeg = ffmpeg;
    this.nodeId = nodeId;
    this.root = Path.of(config.outputDir()).toAbsolutePath();
  }

  int running() {
    return jobs.size();
  }

  /** Taps the stream, starts ffmpeg on the tap's SDP, records the job RUNNING. */
  Future<EgressJobRecord> start(EgressStart q) {
    if (jobs.size() >= config.maxJobs()) {
      return Future.failedFuture(
          ErrorCode.EGRESS_UNAVAILABLE.exception(
              "egress node " + nodeId + " runs " + jobs.size() + " jobs, its egress.maxJobs"));
    }
    long now = System.currentTimeMillis();
    EgressJobRecord initial =
        new EgressJobRecord(
            q.jobId(),
            q.kind(),
            q.streamId(),
            q.roomId(),
            nodeId,
            q.mediaNodeId(),
            EgressJobRecord.STARTING,
            null,
            null,
            null,
            null,
            now,
            0,
            now,
            0);
    return blocking(() -> RtpPorts.reserve(config.rtpHost()))
        .compose(
            port -> {
              EgressJob job =
                  new EgressJob(initial, q.url(), root.resolve("jobs").resolve(q.jobId()), port);
              jobs.put(job.id(), job);
              return tap(job)
                  .compose(
                      tap -> {
                        job.tap = tap;
                        String safe = EgressJobRecord.safeName(q.streamId());
                        Path output;
                        String shown;
                        String manifest = null;
                        if ("record".equals(q.kind())) {
                          output =
                              root.resolve("record")
                                  .resolve(
                                      safe
                                          + "-"
                                          + q.jobId()
                                          + "."
                                          + FfmpegCommand.recordExtension(tap));
                          manifest =
                              output.resolveSibling(safe + "-" + q.jobId() + ".json").toString();
                          shown = output.toString();
                        } else if ("hls".equals(q.kind())) {
                          output = root.resolve("hls").resolve(safe).resolve("index.m3u8");
                          shown = "/hls/" + safe + "/index.m3u8";
                        } else {
                          output = null;
                          shown = q.url();
                        }
                        job.command =
                            FfmpegCommand.build(
                                ffmpeg,
                                config,
                                q.kind(),
                                tap,
                                job.workDir.resolve("job.sdp"),
                                output,
                                q.url());
                        String codec =
                            tap.videoCodec()
                                + "/"
                                + tap.audioCodec()
                                + (FfmpegCommand.transcodes(q.kind(), tap) ? " -> H264/AAC" : "");
                        job.record =
                            new EgressJobRecord(
                                q.jobId(),
                                q.kind(),
                                q.streamId(),
                                q.roomId(),
                                nodeId,
                                q.mediaNodeId(),
                                EgressJobRecord.RUNNING,
                                shown,
                                manifest,
                                codec,
                                null,
                                now,
                                0,
                                now,
                                0);
                        return blocking(
                            () -> {
                              Files.createDirectories(job.workDir);
                              if (output != null) {
                                Files.createDirectories(output.getParent());
                              }
                              Files.writeString(
                                  job.workDir.resolve("job.sdp"),
                                  RtpSdp.describe(
                                      tap, config.rtpHost(), job.basePort, job.basePort + 2),
                                  StandardCharsets.UTF_8);
                              return launch(job);
                            });
                      })
                  .compose(v -> store.putJob(job.record))
                  .compose(v -> events.started(job.record))
                  .map(v -> job.record)
                  .onFailure(
                      e -> {
                        jobs.remove(job.id());
                        untap(job);
                        vertx.executeBlocking(
                            () -> {
                              job.terminate();
                              return null;
                            },
                            false);
                      });
            });
  }

  private Future<MediaTapInfo> tap(EgressJob job) {
    EgressJobRecord r = job.record;
    return bus.request(
        Addresses.mediaTap(r.mediaNodeId()),
        new MediaTap(
            job.id(),
            r.streamId(),
            config.rtpHost(),
            job.basePort,
            job.basePort + 2,
            config.leaseMs() + 2_000),
        MediaTapInfo.class);
  }

  private Future<MediaStopped> untap(EgressJob job) {
    return bus.request(
            Addresses.mediaUntap(job.record.mediaNodeId()),
            new MediaUntap(job.id()),
            MediaStopped.class)
        .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "untap " + job.id() + ": " + e));
  }

  /** Starts the process and watches its exit (blocking). */
  private Void launch(EgressJob job) throws IOException {
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
    p.onExit().thenAccept(exited -> vertx.runOnContext(v -> exited(job, exited.exitValue())));
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
      vertx.setTimer(
          config.rtmpReconnectMs(),
          t -> {
            if (!job.stopping) {
              // a fresh tap (not a renewal) so the publisher is asked for keyframes again
              untap(job)
                  .transform(x -> tap(job))
                  .compose(x -> blocking(() -> launch(job)))
                  .onFailure(
                      e ->
                          finish(
                              job, EgressJobRecord.FAILED, "reconnect failed: " + e.getMessage()));
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

  /** Stops a job: ffmpeg finishes the file; completes with the final record. */
  Future<EgressJobRecord> stop(String jobId) {
    EgressJob job = jobs.get(jobId);
    if (job == null) {
      return store
          .job(jobId)
          .map(
              r -> {
                if (r == null) {
                  throw ErrorCode.EGRESS_JOB_NOT_FOUND.exception("no egress job " + jobId);
                }
                return r;
              });
    }
    return stopAndWait(job, EgressJobRecord.ENDED);
  }

  private Future<EgressJobRecord> stopAndWait(EgressJob job, String state) {
    job.stopping = true;
    job.endState = state;
    return blocking(
            () -> {
              job.terminate();
              return null;
            })
        .compose(
            v -> {
              // the exit handler runs on this context; poll briefly until the final record is
              // written
              return awaitFinal(job, 50);
            });
  }

  private Future<EgressJobRecord> awaitFinal(EgressJob job, int tries) {
    if (!job.record.active() || tries <= 0) {
      return Future.succeededFuture(job.record);
    }
    return Future.<Void>future(p -> vertx.setTimer(100, t -> p.complete()))
        .compose(v -> awaitFinal(job, tries - 1));
  }

  /** The publisher of a stream on {@code mediaNodeId} stopped: its jobs end (files finalized). */
  void publisherClosed(String mediaNodeId, String streamId) {
    for (EgressJob job : List.copyOf(jobs.values())) {
      if (job.record.streamId().equals(streamId) && job.record.mediaNodeId().equals(mediaNodeId)) {
        stopAndWait(job, EgressJobRecord.ENDED);
      }
    }
  }

  /** Renews the taps and this node's lease; refreshes the running records' updatedAt. */
  Future<Void> renew() {
    long now = System.currentTimeMillis();
    for (EgressJob job : jobs.values()) {
      if (!job.stopping && job.tap != null) {
        tap(job)
            .onFailure(
                e -> {
                  if (Failures.toService(e, "renewing tap " + job.id()).code()
                      == ErrorCode.STREAM_NOT_FOUND) {
                    stopAndWait(job, EgressJobRecord.ENDED);
                  }
                });
      }
    }
    return store.announce(
        new EgressNodeRecord(
            nodeId, config.rtpHost(), config.maxJobs(), jobs.size(), config.transcode(), now),
        config.leaseMs());
  }

  /** Shutdown: every job stopped cleanly, then the node withdrawn. */
  Future<Void> stopAll() {
    List<Future<EgressJobRecord>> all =
        jobs.values().stream().map(j -> stopAndWait(j, EgressJobRecord.ENDED)).toList();
    return Future.join(all).transform(ar -> store.withdraw(nodeId));
  }

  private <T> Future<T> blocking(Callable<T> call) {
    return vertx.executeBlocking(call, false);
  }
}
