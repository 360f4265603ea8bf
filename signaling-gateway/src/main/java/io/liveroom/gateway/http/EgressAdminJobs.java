package io.liveroom.gateway.http;

import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.EgressJobInfo;
import io.liveroom.infra.contracts.EgressStart;
import io.liveroom.infra.contracts.EgressStop;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.store.EgressEvents;
import io.liveroom.infra.store.EgressJobRecord;
import io.liveroom.infra.store.EgressNodeRecord;
import io.liveroom.infra.store.EgressStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The admin API's egress jobs: {@code POST /v1/egress} {kind, streamID[, url]} places a job on the
 * least-loaded live egress node; {@code GET /v1/egress[?streamID=]}, {@code GET /v1/egress/{id}}
 * and {@code DELETE /v1/egress/{id}}. A RUNNING job whose egress node's lease lapsed is reported
 * (and stored) FAILED.
 */
final class EgressAdminJobs {
  private static final Set<String> KINDS = Set.of("record", "hls", "rtmp");

  /**
   * Starting waits for ffmpeg and the tap; stopping for ffmpeg to finish the file (up to ~10 s).
   */
  private static final long START_TIMEOUT_MS = 20_000;

  private static final long STOP_TIMEOUT_MS = 25_000;
  private final Bus bus;
  private final EgressStore store;
  private final EgressEvents events;

  EgressAdminJobs(Bus bus, EgressStore store, EgressEvents events) {
    this.bus = bus;
    this.events = events;
    this.store = store;
  }

  Future<JsonObject> start(RoutingContext ctx) {
    return start(EgressJson.body(ctx));
  }

  Future<JsonObject> start(JsonObject body) {
    String kind = body.getValue("kind") instanceof String k ? k : "";
    if (!KINDS.contains(kind)) {
      throw ErrorCode.INVALID_FIELD.exception("kind must be record, hls or rtmp");
    }
    String streamId =
        body.getValue("streamID") instanceof String s && EgressJson.ID.matcher(s).matches()
            ? s
            : null;
    if (streamId == null) {
      throw ErrorCode.INVALID_FIELD.exception(
          "streamID must be 1-256 of letters, digits and _.:@-");
    }
    String url = body.getValue("url") instanceof String u ? u : null;
    if ("rtmp".equals(kind) && (url == null || !url.matches("rtmps?://[^\\s]{3,2040}"))) {
      throw ErrorCode.INVALID_FIELD.exception(
          "url must be an rtmp:// or rtmps:// URL for kind rtmp");
    }
    String jobId = "eg-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    return bus.request(
            Addresses.ROOM_STREAM_LOCATE, new LocateStream(streamId), StreamLocation.class)
        .compose(
            location -> {
              if (location.nodeId() == null) {
                throw ErrorCode.STREAM_NOT_FOUND.exception(
                    "stream " + streamId + " carries no media");
              }
              return leastLoaded()
                  .compose(
                      node ->
                          bus.request(
                              Addresses.egressStart(node.nodeId()),
                              new EgressStart(
                                  jobId, kind, streamId, location.roomId(), location.nodeId(), url),
                              EgressJobInfo.class,
                              START_TIMEOUT_MS));
            })
        .map(info -> EgressJson.json(info.job()));
  }

  /**
   * The live egress node with the lowest share of its egress.maxJobs in use and room for one more.
   */
  Future<EgressNodeRecord> leastLoaded() {
    return store
        .live()
        .map(
            nodes ->
                nodes.stream()
                    .filter(n -> n.jobs() < n.maxJobs())
                    .min(
                        Comparator.comparingDouble(
                                (EgressNodeRecord n) -> (double) n.jobs() / n.maxJobs())
                            .thenComparing(EgressNodeRecord::nodeId))
                    .orElseThrow(
                        () ->
                            ErrorCode.EGRESS_UNAVAILABLE.exception(
                                nodes.isEmpty()
                                    ? "no egress node is running"
                                    : "every egress node runs its egress.maxJobs")));
  }

  /** Stops every active job {@code which} accepts; the stopped records, empty when none matched. */
  Future<List<EgressJobRecord>> stopActive(Predicate<EgressJobRecord> which) {
    return store
        .jobs(500)
        .compose(
            jobs -> {
              List<Future<EgressJobRecord>> stops = new ArrayList<>();
              for (EgressJobRecord j : jobs) {
                if (j.active() && which.test(j)) {
                  stops.add(
                      bus.request(
                              Addresses.egressStop(j.egressNodeId()),
                              new EgressStop(j.jobId()),
                              EgressJobInfo.class,
                              STOP_TIMEOUT_MS)
                          .map(EgressJobInfo::job));
                }
              }
              return Future.all(stops).map(all -> stops.stream().map(Future::result).toList());
            });
  }

  Future<JsonObject> list(RoutingContext ctx) {
    String stream = ctx.request().getParam("streamID");
    return store
        .jobs(500)
        .compose(
            jobs ->
                store
                    .live()
                    .compose(
                        nodes -> {
                          Set<String> live =
                              nodes.stream()
                                  .map(EgressNodeRecord::nodeId)
                                  .collect(Collectors.toSet());
                          List<Future<EgressJobRecord>> checked = new ArrayList<>();
                          for (EgressJobRecord j : jobs) {
                            if (stream == null || stream.equals(j.streamId())) {
                              checked.add(leaseChecked(j, live));
                            }
                          }
                          return Future.all(checked)
                              .map(
                                  all -> {
                                    JsonArray out = new JsonArray();
                                    checked.forEach(f -> out.add(EgressJson.json(f.result())));
                                    return new JsonObject()
                                        .put("jobs", out)
                                        .put(
                                            "egressNodes",
                                            new JsonArray(
                                                nodes.stream()
                                                    .map(
                                                        n ->
                                                            new JsonObject()
                                                                .put("nodeID", n.nodeId())
                                                                .put("jobs", n.jobs())
                                                                .put("maxJobs", n.maxJobs())
                                                                .put("transcode", n.transcode()))
                                                    .toList()));
                                  });
                        }));
  }

  Future<EgressJobRecord> job(String jobId) {
    return store
        .job(jobId)
        .compose(
            j -> {
              if (j == null) {
                throw ErrorCode.EGRESS_JOB_NOT_FOUND.exception("no egress job " + jobId);
              }
              return store
                  .live()
                  .compose(
                      nodes ->
                          leaseChecked(
                              j,
                              nodes.stream()
                                  .map(EgressNodeRecord::nodeId)
                                  .collect(Collectors.toSet())));
            });
  }

  /** An active job whose node is no longer live failed: stored so, and reported so. */
  private Future<EgressJobRecord> leaseChecked(EgressJobRecord j, Set<String> live) {
    if (!j.active() || live.contains(j.egressNodeId())) {
      return Future.succeededFuture(j);
    }
    EgressJobRecord failed =
        j.withState(
            EgressJobRecord.FAILED,
            "egress node " + j.egressNodeId() + " lost (its lease lapsed)",
            System.currentTimeMillis());
    return store.putJob(failed).compose(v -> events.finished(failed)).map(v -> failed);
  }

  Future<JsonObject> stop(RoutingContext ctx) {
    return job(ctx.pathParam("jobID"))
        .compose(
            j ->
                !j.active()
                    ? Future.succeededFuture(j)
                    : bus.request(
                            Addresses.egressStop(j.egressNodeId()),
                            new EgressStop(j.jobId()),
                            EgressJobInfo.class,
                            STOP_TIMEOUT_MS)
                        .map(EgressJobInfo::job))
        .map(EgressJson::json);
  }
}
