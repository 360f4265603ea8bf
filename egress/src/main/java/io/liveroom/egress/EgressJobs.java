package io.liveroom.egress;

import io.liveroom.infra.contracts.EgressStart;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.store.EgressJobRecord;
import io.liveroom.infra.store.EgressNodeRecord;
import io.liveroom.infra.store.EgressStore;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;

/**
 * The jobs of this egress node: each is a tap on the stream's media node plus one ffmpeg process
 * reading the tap's RTP through an SDP file ({@link EgressJobStarter} starts them, {@link
 * EgressJobRuns} runs and ends them). Job records go to the shared {@link EgressStore}; {@link
 * #renew} (every leaseMs/3) renews the taps and this node's announcement.
 */
final class EgressJobs {
  private final EgressJobRuns runs;
  private final Map<String, EgressJob> jobs;
  private final EgressJobStarter starter;

  /** The jobs of {@code runs} (which holds the node id, store, config and ffmpeg). */
  EgressJobs(EgressJobRuns runs) {
    this.runs = runs;
    this.jobs = runs.jobs;
    this.starter = new EgressJobStarter(runs);
  }

  int running() {
    return jobs.size();
  }

  /** Taps the stream, starts ffmpeg on the tap's SDP, records the job RUNNING. */
  Future<EgressJobRecord> start(EgressStart q) {
    return starter.start(q);
  }

  /** Stops a job: ffmpeg finishes the file; completes with the final record. */
  Future<EgressJobRecord> stop(String jobId) {
    EgressJob job = jobs.get(jobId);
    if (job == null) {
      return runs.store
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
    return runs.blocking(
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
    return Future.<Void>future(p -> runs.node.vertx().setTimer(100, t -> p.complete()))
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
        runs.tap(job)
            .onFailure(
                e -> {
                  if (Failures.toService(e, "renewing tap " + job.id()).code()
                      == ErrorCode.STREAM_NOT_FOUND) {
                    stopAndWait(job, EgressJobRecord.ENDED);
                  }
                });
      }
    }
    return runs.store.announce(
        new EgressNodeRecord(
            runs.node.id(),
            runs.node.config().rtpHost(),
            runs.node.config().maxJobs(),
            jobs.size() + runs.otherJobs.getAsInt(),
            runs.node.config().transcode(),
            now),
        runs.node.config().leaseMs());
  }

  /** Shutdown: every job stopped cleanly, then the node withdrawn. */
  Future<Void> stopAll() {
    List<Future<EgressJobRecord>> all =
        jobs.values().stream().map(j -> stopAndWait(j, EgressJobRecord.ENDED)).toList();
    return Future.join(all).transform(ar -> runs.store.withdraw(runs.node.id()));
  }
}
