package io.liveroom.room.webhooks;

import io.liveroom.infra.store.DeliveryCursors;
import io.liveroom.infra.store.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the event log to one endpoint, at least once and in seq order: one batch in flight, the
 * position stored (fenced, see {@link DeliveryCursors}) only after a 2xx, so an instance that takes
 * over resends at most the batch that was in flight. Only the holder of the endpoint's lease
 * delivers; the lease is renewed every third of {@code leaseMs}, and a holder that could not renew
 * for a whole {@code leaseMs} stops before the lease can pass to another. Failures are retried with
 * {@link Backoff}; after {@code maxRetryMs} of failures the endpoint is marked failing (log +
 * gauge) and probed at the longest backoff, and delivery resumes from the stored position when it
 * answers. A step (read, POST, commit) that does not complete within the larger of {@code leaseMs}
 * and twice {@code timeoutMs} counts as a failed attempt. Runs on one Vert.x context: no locking.
 */
public final class EndpointDeliverer {
  private static final Logger LOG = LoggerFactory.getLogger(EndpointDeliverer.class);

  /** Sends one signed batch; yields the HTTP status. */
  @FunctionalInterface
  public interface Sender {
    Future<Integer> post(Buffer body, long timestampMs, String signature);
  }

  private final Vertx vertx;
  private final String url;
  private final EventLog log;
  private final DeliveryCursors cursors;
  private final String owner;
  private final WebhookConfig config;
  private final Sender sender;
  private final WebhookSigner signer;
  private final Backoff backoff;
  private final WebhookMeters.Endpoint meters;
  private final LongSupplier clock;
  private long fence;
  private long renewedAt;
  private long position = -1;
  private boolean busy;

  /** A timer will call {@link #step} (after an idle poll or a backoff). */
  private boolean scheduled;

  private boolean stopped;
  private int attempt;
  private long failingSince;
  private boolean failing;
  private long leaseTimer = -1;

  public EndpointDeliverer(
      Vertx vertx,
      String url,
      EventLog log,
      DeliveryCursors cursors,
      String owner,
      WebhookConfig config,
      Sender sender,
      Backoff backoff,
      WebhookMeters.Endpoint meters,
      LongSupplier clock) {
    this.vertx = vertx;
    this.url = url;
    this.log = log;
    this.cursors = cursors;
    this.owner = owner;
    this.config = config;
    this.sender = sender;
    this.signer = new WebhookSigner(config.secret());
    this.backoff = backoff;
    this.meters = meters;
    this.clock = clock;
  }

  public void start() {
    leaseTimer = vertx.setPeriodic(Math.max(100, config.leaseMs() / 3), t -> renew());
    renew();
  }

  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(leaseTimer);
    return fence == 0 ? Future.succeededFuture() : cursors.release(url, owner).otherwiseEmpty();
  }

  /** Whether this instance delivers to the endpoint now. */
  public boolean holding() {
    return fence != 0 && clock.getAsLong() - renewedAt < config.leaseMs();
  }

  public boolean failing() {
    return failing;
  }

  private void renew() {
    if (stopped) {
      return;
    }
    long asked = clock.getAsLong();
    cursors
        .acquire(url, owner, config.leaseMs())
        .onSuccess(
            f -> {
              if (stopped) {
                return;
              }
              if (f == 0) {
                if (fence != 0) {
                  LOG.info("webhook delivery to {} lost its lease", url);
                }
                fence = 0;
                return;
              }
              renewedAt = asked;
              if (f == fence && !busy && !scheduled) {
                step(); // delivery had stopped while the lease could not be renewed
              }
              if (f != fence) {
                fence = f;
                LOG.info("webhook delivery to {} taken over by {} (fence {})", url, owner, f);
                cursors
                    .position(url)
                    .onSuccess(
                        p -> {
                          position =
                              Math.max(
                                  position,
                                  p < 0 ? 0 : p); // a store that lost the position: ours, if any
                          step();
                        })
                    .onFailure(e -> fence = 0);
              }
            })
        .onFailure(e -> LOG.warn("webhook lease for {} not renewed: {}", url, e.toString()));
  }

  private void step() {
    if (stopped || busy || !holding() || position < 0) {
      return;
    }
    busy = true;
    long heldFence = fence;
    log.read(position, config.batchSize(), null)
        .compose(
            page -> {
              if (position > 0
                  && page.oldestSeq() > position + 1
                  && page.lastSeq() >= page.oldestSeq()) {
                LOG.warn(
                    "webhook endpoint {} fell behind the event log's retention: events {}..{} are gone",
                    url,
                    position + 1,
                    page.oldestSeq() - 1);
              }
              if (page.events().isEmpty()) {
                return Future.succeededFuture(Outcome.IDLE);
              }
              WebhookBatch batch = WebhookBatch.of(page.events(), config.batchSize());
              long now = clock.getAsLong();
              return sender
                  .post(batch.body(), now, signer.sign(now, batch.body().getBytes()))
                  .transform(
                      ar -> {
                        if (ar.failed() || ar.result() / 100 != 2) {
                          meters.failedAttempt();
                          return Future.succeededFuture(Outcome.FAILED);
                        }
                        return cursors
                            .commit(url, owner, heldFence, batch.lastSeq())
                            .map(
                                held -> {
                                  if (!held) {
                                    return Outcome.LOST;
                                  }
                                  position = Math.max(position, batch.lastSeq());
                                  meters.delivered(batch.events().size());
                                  return Outcome.DELIVERED;
                                });
                      });
            })
        // a store request cut off by a failing server, or a connection that never answers, may
        // never complete: the step gives up and retries instead of stopping delivery for good
        .timeout(stepTimeoutMs(), TimeUnit.MILLISECONDS)
        .onComplete(
            ar -> {
              busy = false;
              if (ar.failed()) {
                meters.failedAttempt(); // the store failed or the step timed out
              }
              Outcome outcome = ar.succeeded() ? ar.result() : Outcome.FAILED;
              switch (outcome) {
                case DELIVERED -> {
                  succeeded();
                  vertx.runOnContext(v -> step());
                }
                case IDLE -> {
                  succeeded();
                  later(config.pollMs());
                }
                case LOST -> fence = 0;
                default -> later(failed());
              }
            });
  }

  /** The longest one read-send-commit step may take before it counts as failed. */
  private long stepTimeoutMs() {
    return Math.max(config.leaseMs(), 2 * config.timeoutMs());
  }

  private enum Outcome {
    DELIVERED,
    IDLE,
    FAILED,
    LOST
  }

  private void later(long delayMs) {
    scheduled = true;
    vertx.setTimer(
        delayMs,
        t -> {
          scheduled = false;
          step();
        });
  }

  private void succeeded() {
    if (failing) {
      LOG.info(
          "webhook endpoint {} answers again after {} ms: delivery resumes from seq {}",
          url,
          clock.getAsLong() - failingSince,
          position + 1);
      failing = false;
      meters.failing(false);
    }
    attempt = 0;
    failingSince = 0;
  }

  /** Counts a failed attempt; yields the delay before the next. */
  private long failed() {
    long now = clock.getAsLong();
    attempt++;
    if (failingSince == 0) {
      failingSince = now;
    }
    if (!failing && now - failingSince >= config.maxRetryMs()) {
      failing = true;
      meters.failing(true);
      LOG.warn(
          "webhook endpoint {} failing: no delivery for {} ms ({} attempts); still retrying every {} ms",
          url,
          now - failingSince,
          attempt,
          backoff.cap());
    }
    return backoff.delay(attempt);
  }
}
