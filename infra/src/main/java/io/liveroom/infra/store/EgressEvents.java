package io.liveroom.infra.store;

import io.liveroom.infra.contracts.EventPayload;
import io.liveroom.infra.contracts.EventPayload.EgressEnded;
import io.liveroom.infra.contracts.EventPayload.EgressFailed;
import io.liveroom.infra.contracts.EventPayload.EgressStarted;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.LiveEvent;
import io.vertx.core.Future;
import java.util.List;

/**
 * The event log's view of egress jobs: {@code egress.started} when a job runs, then exactly one of
 * {@code egress.ended} / {@code egress.failed} when it stops, in the job's room. A failed append is
 * logged, never the job's failure (the file is what matters). Egress nodes append what their jobs
 * do; a gateway appends the {@code egress.failed} of a job whose egress node's lease lapsed when it
 * finds it so (the lease check of {@code GET /v1/egress}).
 */
public final class EgressEvents {
  private final EventLog log;

  public EgressEvents(EventLog log) {
    this.log = log;
  }

  /** The job is RUNNING. */
  public Future<Void> started(EgressJobRecord job) {
    return append(job, new EgressStarted(job.jobId(), job.kind(), job.streamId(), job.output()));
  }

  /** The job reached its end state (ENDED or FAILED). */
  public Future<Void> finished(EgressJobRecord job) {
    EventPayload payload =
        EgressJobRecord.FAILED.equals(job.state())
            ? new EgressFailed(job.jobId(), job.kind(), job.streamId(), job.output(), job.error())
            : new EgressEnded(
                job.jobId(), job.kind(), job.streamId(), job.output(), job.manifest());
    return append(job, payload);
  }

  private Future<Void> append(EgressJobRecord job, EventPayload payload) {
    if (job.roomId() == null) {
      return Future.succeededFuture();
    }
    return log.append(List.of(LiveEvent.draft(job.roomId(), System.currentTimeMillis(), payload)))
        .<Void>mapEmpty()
        .recover(
            e -> {
              Failures.logBackground(
                  e, "appending " + payload.type() + " of egress job " + job.jobId());
              return Future.succeededFuture();
            });
  }
}
