package io.liveroom.egress;

import io.liveroom.infra.contracts.EgressStart;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.store.EgressJobRecord;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Starts a job: taps the stream, writes the tap's SDP, launches ffmpeg, records it RUNNING. */
final class EgressJobStarter {
  private final EgressJobRuns runs;
  private final EgressConfig config;
  private final String nodeId;
  private final Path root;

  EgressJobStarter(EgressJobRuns runs) {
    this.runs = runs;
    this.config = runs.node.config();
    this.nodeId = runs.node.id();
    this.root = Path.of(config.outputDir()).toAbsolutePath();
  }

  /** Taps the stream, starts ffmpeg on the tap's SDP, records the job RUNNING. */
  Future<EgressJobRecord> start(EgressStart q) {
    if (runs.jobs.size() + runs.otherJobs.getAsInt() >= config.maxJobs()) {
      return Future.failedFuture(
          ErrorCode.EGRESS_UNAVAILABLE.exception(
              "egress node " + nodeId + " runs " + runs.jobs.size() + " jobs, its egress.maxJobs"));
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
    return runs.blocking(() -> RtpPorts.reserve(config.rtpHost()))
        .compose(
            port -> {
              EgressJob job =
                  new EgressJob(initial, q.url(), root.resolve("jobs").resolve(q.jobId()), port);
              runs.jobs.put(job.id(), job);
              return runs.tap(job)
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
                                runs.ffmpeg,
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
                        return runs.blocking(
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
                              return runs.launch(job);
                            });
                      })
                  .compose(v -> runs.store.putJob(job.record))
                  .compose(v -> runs.events.started(job.record))
                  .map(v -> job.record)
                  .onFailure(
                      e -> {
                        runs.jobs.remove(job.id());
                        runs.untap(job);
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
}
