package io.liveroom.gateway.http;

import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.EgressJobInfo;
import io.liveroom.infra.contracts.EgressStart;
import io.liveroom.infra.contracts.EgressStop;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.store.EgressEvents;
import io.liveroom.infra.store.EgressJobRecord;
import io.liveroom.infra.store.EgressNodeRecord;
import io.liveroom.infra.store.EgressStore;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Egress in the admin API (mounted after {@code AdminApi}, so behind its authorization and body
 * limits): {@code POST /v1/egress} {kind, streamID[, url]} places a job on the least-loaded live
 * egress node; {@code GET /v1/egress[?streamID=]}, {@code GET /v1/egress/{id}} and {@code DELETE
 * /v1/egress/{id}}. A RUNNING job whose egress node's lease lapsed is reported (and stored) FAILED.
 * Also serves HLS output without a token at {@code /hls/{streamID}/index.m3u8} from {@code
 * egress.outputDir} (the egress nodes' shared output directory). For clients (the SDK's {@code
 * addPublishCdnUrl} / {@code removePublishCdnUrl}): {@code POST} / {@code DELETE
 * /egress/cdn/{streamID}?url=rtmp://...} with {@code Authorization: Bearer <room token>} granting
 * publish of that streamID in the stream's room start / stop an rtmp job.
 */
public final class EgressRoutes {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@\\-]{1,256}");
  private static final Pattern HLS_FILE = Pattern.compile("index\\.m3u8|seg[0-9]{1,9}\\.ts");
  private static final Set<String> KINDS = Set.of("record", "hls", "rtmp");

  /**
   * Starting waits for ffmpeg and the tap; stopping for ffmpeg to finish the file (up to ~10 s).
   */
  private static final long START_TIMEOUT_MS = 20_000;

  private static final long STOP_TIMEOUT_MS = 25_000;
  private final Bus bus;
  private final EgressStore store;
  private final Path outputDir;
  private final TokenService tokens;
  private final EgressEvents events;

  public EgressRoutes(
      Bus bus, EgressStore store, EgressEvents events, Config config, TokenService tokens) {
    this.bus = bus;
    this.events = events;
    this.store = store;
    this.tokens = tokens;
    Path dir;
    try {
      dir = Path.of(config.section("egress").getString("outputDir")).toAbsolutePath();
    } catch (RuntimeException noEgressDefaults) {
      dir = null;
    }
    this.outputDir = dir;
  }

  public void mount(Router router) {
    router.post("/v1/egress").handler(ctx -> respond(ctx, this::start));
    router.get("/v1/egress").handler(ctx -> respond(ctx, this::list));
    router
        .get("/v1/egress/:jobID")
        .handler(ctx -> respond(ctx, c -> job(c.pathParam("jobID")).map(EgressRoutes::json)));
    router.delete("/v1/egress/:jobID").handler(ctx -> respond(ctx, this::stop));
    router.get("/hls/:streamID/:file").handler(this::hls);
    router.post("/egress/cdn/:streamID").handler(ctx -> respond(ctx, c -> cdn(c, true)));
    router.delete("/egress/cdn/:streamID").handler(ctx -> respond(ctx, c -> cdn(c, false)));
  }

  /** addPublishCdnUrl / removePublishCdnUrl: the room token must grant publishing the stream. */
  private Future<JsonObject> cdn(RoutingContext ctx, boolean add) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      throw ErrorCode.TOKEN_MISSING.exception("Authorization: Bearer <room token> is required");
    }
    TokenClaims claims = tokens.verify(header.substring("Bearer ".length()).trim());
    String streamId = ctx.pathParam("streamID");
    String url = ctx.request().getParam("url");
    if (streamId == null || !ID.matcher(streamId).matches()) {
      throw ErrorCode.INVALID_FIELD.exception(
          "streamID must be 1-256 of letters, digits and _.:@-");
    }
    if (url == null || !url.matches("rtmps?://[^\\s]{3,2040}")) {
      throw ErrorCode.INVALID_FIELD.exception("url must be an rtmp:// or rtmps:// URL");
    }
    return bus.request(
            Addresses.ROOM_STREAM_LOCATE, new LocateStream(streamId), StreamLocation.class)
        .compose(
            location -> {
              if (location.roomId() == null) {
                throw ErrorCode.STREAM_NOT_FOUND.exception(
                    "stream " + streamId + " is not published");
              }
              tokens.authorizePublish(claims, claims.userId(), location.roomId(), streamId);
              if (add) {
                return start(
                    new JsonObject().put("kind", "rtmp").put("streamID", streamId).put("url", url));
              }
              return store
                  .jobs(500)
                  .compose(
                      jobs -> {
                        List<Future<JsonObject>> stops = new ArrayList<>();
                        for (EgressJobRecord j : jobs) {
                          if (j.active()
                              && "rtmp".equals(j.kind())
                              && streamId.equals(j.streamId())
                              && url.equals(j.output())) {
                            stops.add(
                                bus.request(
                                        Addresses.egressStop(j.egressNodeId()),
                                        new EgressStop(j.jobId()),
                                        EgressJobInfo.class,
                                        STOP_TIMEOUT_MS)
                                    .map(info -> json(info.job())));
                          }
                        }
                        if (stops.isEmpty()) {
                          throw ErrorCode.EGRESS_JOB_NOT_FOUND.exception(
                              "no CDN push of " + streamId + " to that url");
                        }
                        return Future.all(stops).map(all -> stops.get(0).result());
                      });
            });
  }

  private Future<JsonObject> start(RoutingContext ctx) {
    return start(body(ctx));
  }

  private Future<JsonObject> start(JsonObject body) {
    String kind = body.getValue("kind") instanceof String k ? k : "";
    if (!KINDS.contains(kind)) {
      throw ErrorCode.INVALID_FIELD.exception("kind must be record, hls or rtmp");
    }
    String streamId =
        body.getValue("streamID") instanceof String s && ID.matcher(s).matches() ? s : null;
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
              return store
                  .live()
                  .compose(
                      nodes -> {
                        EgressNodeRecord node =
                            nodes.stream()
                                .filter(n -> n.jobs() < n.maxJobs())
                                .min(
                                    Comparator.comparingDouble(
                                            (EgressNodeRecord n) -> (double) n.jobs() / n.maxJobs())
                                        .thenComparing(EgressNodeRecord::nodeId))
                                .orElse(null);
                        if (node == null) {
                          throw ErrorCode.EGRESS_UNAVAILABLE.exception(
                              nodes.isEmpty()
                                  ? "no egress node is running"
                                  : "every egress node runs its egress.maxJobs");
                        }
                        return bus.request(
                            Addresses.egressStart(node.nodeId()),
                            new EgressStart(
                                jobId, kind, streamId, location.roomId(), location.nodeId(), url),
                            EgressJobInfo.class,
                            START_TIMEOUT_MS);
                      });
            })
        .map(info -> json(info.job()));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
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
                                    checked.forEach(f -> out.add(json(f.result())));
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

  private Future<EgressJobRecord> job(String jobId) {
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

  private Future<JsonObject> stop(RoutingContext ctx) {
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
        .map(EgressRoutes::json);
  }

  private void hls(RoutingContext ctx) {
    String stream = ctx.pathParam("streamID");
    String file = ctx.pathParam("file");
    if (outputDir == null
        || stream == null
        || !ID.matcher(stream).matches()
        || file == null
        || !HLS_FILE.matcher(file).matches()) {
      fail(
          ctx, ErrorCode.STREAM_NOT_FOUND.exception("no HLS output " + (file == null ? "" : file)));
      return;
    }
    Path path = outputDir.resolve("hls").resolve(EgressJobRecord.safeName(stream)).resolve(file);
    ctx.vertx()
        .fileSystem()
        .readFile(path.toString())
        .onComplete(
            ar -> {
              if (ar.failed()) {
                fail(
                    ctx,
                    ErrorCode.STREAM_NOT_FOUND.exception("no HLS output for stream " + stream));
                return;
              }
              boolean playlist = file.endsWith(".m3u8");
              ctx.response()
                  .putHeader(
                      "Content-Type", playlist ? "application/vnd.apple.mpegurl" : "video/mp2t")
                  .putHeader("Cache-Control", playlist ? "no-cache" : "max-age=60")
                  .putHeader("Access-Control-Allow-Origin", "*")
                  .end(ar.result());
            });
  }

  static JsonObject json(EgressJobRecord j) {
    return new JsonObject()
        .put("jobID", j.jobId())
        .put("kind", j.kind())
        .put("streamID", j.streamId())
        .put("roomID", j.roomId())
        .put("state", j.state())
        .put("egressNodeID", j.egressNodeId())
        .put("mediaNodeID", j.mediaNodeId())
        .put("output", j.output())
        .put("manifest", j.manifest())
        .put("codec", j.codec())
        .put("error", j.error())
        .put("startedAt", j.startedAt())
        .put("endedAt", j.endedAt())
        .put("updatedAt", j.updatedAt())
        .put("restarts", j.restarts());
  }

  private static JsonObject body(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null) {
      throw ErrorCode.MALFORMED_JSON.exception("the body must be a JSON object");
    }
    Unicode.requireValid(body, "");
    return body;
  }

  private static void respond(
      RoutingContext ctx, Function<RoutingContext, Future<JsonObject>> handler) {
    Future<JsonObject> result;
    try {
      result = handler.apply(ctx);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(body -> write(ctx, 200, body)).onFailure(e -> fail(ctx, e));
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    ServiceException se =
        Failures.toService(failure, ctx.request().method() + " " + ctx.request().path());
    write(
        ctx,
        status(se.code()),
        new JsonObject()
            .put(
                "error",
                new JsonObject()
                    .put("code", se.code().code())
                    .put("name", se.code().name())
                    .put(
                        "message",
                        se.getMessage() == null ? se.code().message() : se.getMessage())));
  }

  private static void write(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(Unicode.utf8(body.encode())));
  }

  static int status(ErrorCode code) {
    return switch (code) {
      case INVALID_FIELD, MALFORMED_JSON, BAD_REQUEST, EGRESS_TRANSCODE_DISABLED -> 400;
      case TOKEN_MISSING, TOKEN_MALFORMED, TOKEN_BAD_SIGNATURE, TOKEN_EXPIRED, ADMIN_UNAUTHORIZED ->
          401;
      case TOKEN_WRONG_USER,
          TOKEN_WRONG_ROOM,
          TOKEN_NO_LOGIN_PRIVILEGE,
          TOKEN_NO_PUBLISH_PRIVILEGE,
          TOKEN_STREAM_NOT_ALLOWED ->
          403;
      case STREAM_NOT_FOUND, EGRESS_JOB_NOT_FOUND -> 404;
      case BODY_TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case SERVICE_UNAVAILABLE, SHUTTING_DOWN, EGRESS_UNAVAILABLE -> 503;
      case SERVICE_TIMEOUT -> 504;
      default -> 500;
    };
  }
}
