package io.liveroom.egress;

import io.liveroom.infra.contracts.EgressMixInput;
import io.liveroom.infra.contracts.EgressMixStart;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.MediaTapInfo;
import io.liveroom.infra.store.EgressJobRecord;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mix jobs of this egress node: each input stream tapped as for any job (on its own media node,
 * four ports each), one ffmpeg compositing them ({@link FfmpegMixCommand}) and pushing to RTMP.
 * ffmpeg opens its inputs one after the other, so each input is tapped afresh (a new tap id: the
 * publisher is asked for keyframes again) a few times during the first seconds. An input whose
 * publisher stops leaves a black rectangle; the job ends when every input's publisher stopped, on
 * stop, or when ffmpeg exits (FAILED unless it exited 0 or was stopped).
 */
final class MixJobs {
  private static final System.Logger LOG = System.getLogger(MixJobs.class.getName());

  /** Seconds after launch at which every input is tapped afresh (keyframes for late opens). */
  private static final long[] REFRESH_MS = {2_000, 5_000, 9_000, 14_000, 20_000};

  private record Mix(EgressJob job, List<MixInput> inputs) {}

  private final EgressJobRuns runs;
  private final Map<String, Mix> mixes = new ConcurrentHashMap<>();
  private final Path root;

  MixJobs(EgressJobRuns runs) {
    this.runs = runs;
    this.root = Path.of(runs.node.config().outputDir()).toAbsolutePath();
    runs.otherJobs = mixes::size;
  }

  int running() {
    return mixes.size();
  }

  boolean has(String jobId) {
    return mixes.containsKey(jobId);
  }

  /** Validates, taps every input, starts ffmpeg, records the job RUNNING. */
  Future<EgressJobRecord> start(EgressMixStart q) {
    try {
      FfmpegMixCommand.validate(q, runs.node.config().mixMaxInputs());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (runs.jobs.size() + mixes.size() >= runs.node.config().maxJobs()) {
      return Future.failedFuture(
          ErrorCode.EGRESS_UNAVAILABLE.exception(
              "egress node " + runs.node.id() + " runs its egress.maxJobs"));
    }
    long now = System.currentTimeMillis();
    List<String> streams = q.inputs().stream().map(EgressMixInput::streamId).toList();
    EgressJobRecord record =
        new EgressJobRecord(
            q.jobId(),
            "mix",
            q.taskId(),
            q.roomId(),
            runs.node.id(),
            q.inputs().get(0).mediaNodeId(),
            EgressJobRecord.STARTING,
            String.join(" ", q.urls()),
            null,
            "mix of " + String.join(", ", streams) + " -> H264/AAC " + q.width() + "x" + q.height(),
            null,
            now,
            0,
            now,
            0);
    Path workDir = root.resolve("jobs").resolve(q.jobId());
    EgressJob job = new EgressJob(record, q.urls().get(0), workDir, 0);
    return runs.blocking(
            () -> {
              List<MixInput> inputs = new ArrayList<>();
              for (int i = 0; i < q.inputs().size(); i++) {
                inputs.add(
                    new MixInput(
                        q.inputs().get(i),
                        RtpPorts.reserve(runs.node.config().rtpHost()),
                        q.jobId() + "-" + i + "-0"));
              }
              return inputs;
            })
        .compose(
            inputs -> {
              Mix mix = new Mix(job, inputs);
              mixes.put(q.jobId(), mix);
              List<Future<MediaTapInfo>> taps = new ArrayList<>();
              for (MixInput in : inputs) {
                taps.add(in.tap(runs).onSuccess(t -> in.tap = t));
              }
              return Future.all(taps)
                  .compose(
                      all -> {
                        List<FfmpegMixCommand.Input> described = new ArrayList<>();
                        for (int i = 0; i < inputs.size(); i++) {
                          described.add(
                              new FfmpegMixCommand.Input(
                                  inputs.get(i).spec,
                                  inputs.get(i).tap,
                                  workDir.resolve("input-" + i + ".sdp")));
                        }
                        job.command = FfmpegMixCommand.build(runs.ffmpeg, q, described);
                        job.record = record.withState(EgressJobRecord.RUNNING, null, now);
                        return runs.blocking(
                            () -> {
                              Files.createDirectories(workDir);
                              for (int i = 0; i < inputs.size(); i++) {
                                MixInput in = inputs.get(i);
                                Files.writeString(
                                    described.get(i).sdp(),
                                    RtpSdp.describe(
                                        in.tap,
                                        runs.node.config().rtpHost(),
                                        in.basePort,
                                        in.basePort + 2),
                                    StandardCharsets.UTF_8);
                              }
                              Process p = job.launch();
                              LOG.log(
                                  System.Logger.Level.INFO,
                                  "mix job "
                                      + q.jobId()
                                      + " of "
                                      + streams
                                      + ": ffmpeg pid "
                                      + p.pid());
                              p.onExit()
                                  .thenAccept(
                                      e ->
                                          runs.node
                                              .vertx()
                                              .runOnContext(v -> exited(mix, e.exitValue())));
                              return null;
                            });
                      })
                  .compose(v -> runs.store.putJob(job.record))
                  .compose(v -> runs.events.started(job.record))
                  .map(
                      v -> {
                        for (long delay : REFRESH_MS) {
                          runs.node.vertx().setTimer(delay, t -> refresh(mix));
                        }
                        return job.record;
                      })
                  .onFailure(
                      e -> {
                        mixes.remove(q.jobId());
                        inputs.forEach(i -> i.untap(runs));
                        runs.node
                            .vertx()
                            .executeBlocking(
                                () -> {
                                  job.terminate();
                                  return null;
                                },
                                false);
                      });
            });
  }

  /** Each open input tapped under a new id (the old tap dropped): the publisher sends keyframes. */
  private void refresh(Mix mix) {
    if (mix.job.stopping || !mixes.containsKey(mix.job.id())) {
      return;
    }
    for (MixInput in : mix.inputs) {
      if (!in.closed) {
        in.untap(runs);
        in.generation++;
        in.tapId = mix.job.id() + "-" + mix.inputs.indexOf(in) + "-" + in.generation;
        in.tap(runs).onFailure(e -> inputFailed(mix, in, e));
      }
    }
  }

  private void inputFailed(Mix mix, MixInput in, Throwable e) {
    if (Failures.toService(e, "tapping " + in.tapId).code() == ErrorCode.STREAM_NOT_FOUND) {
      inputClosed(mix, in);
    }
  }

  private void inputClosed(Mix mix, MixInput in) {
    in.closed = true;
    if (mix.inputs.stream().allMatch(i -> i.closed) && !mix.job.stopping) {
      stop(mix.job.id());
    }
  }

  /** Stops a mix job; completes with the final record. */
  Future<EgressJobRecord> stop(String jobId) {
    Mix mix = mixes.get(jobId);
    if (mix == null) {
      return Future.failedFuture(ErrorCode.EGRESS_JOB_NOT_FOUND.exception("no mix job " + jobId));
    }
    mix.job.stopping = true;
    return runs.blocking(
            () -> {
              mix.job.terminate();
              return null;
            })
        .compose(v -> awaitFinal(mix.job, 50));
  }

  private Future<EgressJobRecord> awaitFinal(EgressJob job, int tries) {
    if (!job.record.active() || tries <= 0) {
      return Future.succeededFuture(job.record);
    }
    return Future.<Void>future(p -> runs.node.vertx().setTimer(100, t -> p.complete()))
        .compose(v -> awaitFinal(job, tries - 1));
  }

  private void exited(Mix mix, int exitCode) {
    if (mixes.remove(mix.job.id()) == null) {
      return;
    }
    mix.inputs.forEach(i -> i.untap(runs));
    boolean clean = mix.job.stopping || exitCode == 0;
    EgressJobRecord done =
        mix.job.record.withState(
            clean ? EgressJobRecord.ENDED : EgressJobRecord.FAILED,
            clean ? null : "ffmpeg exited " + exitCode + ": " + mix.job.lastLog(),
            System.currentTimeMillis());
    mix.job.record = done;
    runs.store
        .putJob(done)
        .compose(v -> runs.events.finished(done))
        .onComplete(
            ar ->
                LOG.log(
                    System.Logger.Level.INFO,
                    "mix job "
                        + done.jobId()
                        + " "
                        + done.state()
                        + (done.error() == null ? "" : ": " + done.error())));
  }

  /** A publisher stopped: its inputs leave black rectangles; a mix with no input left ends. */
  void publisherClosed(String mediaNodeId, String streamId) {
    for (Mix mix : List.copyOf(mixes.values())) {
      for (MixInput in : mix.inputs) {
        if (in.spec.streamId().equals(streamId) && in.spec.mediaNodeId().equals(mediaNodeId)) {
          inputClosed(mix, in);
        }
      }
    }
  }

  /** Renews the open inputs' taps (every leaseMs/3). */
  void renew() {
    for (Mix mix : mixes.values()) {
      if (mix.job.stopping) {
        continue;
      }
      for (MixInput in : mix.inputs) {
        if (!in.closed) {
          in.tap(runs).onFailure(e -> inputFailed(mix, in, e));
        }
      }
    }
  }

  /** Shutdown: every mix stopped. */
  Future<Void> stopAll() {
    return Future.join(mixes.keySet().stream().map(this::stop).toList()).mapEmpty();
  }
}
