package io.liveroom.gateway.http;

import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.EgressJobInfo;
import io.liveroom.infra.contracts.EgressMixInput;
import io.liveroom.infra.contracts.EgressMixStart;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.StreamLocation;
import io.liveroom.infra.store.EgressJobRecord;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * For clients (the SDK's {@code startMixerTask} / {@code stopMixerTask}): {@code POST
 * /egress/mix?roomID=} with ZEGO's mixer task as the body ({@code taskID}, {@code inputList} of
 * {@code {streamID, contentType, layout: {top, left, bottom, right}}}, {@code outputList} of {@code
 * {target: "rtmp://..."}}, {@code outputConfig} {@code {outputWidth, outputHeight, outputFPS,
 * outputBitrate (kbps), outputAudioBitrate (kbps)}}) starts a mix job on the least-loaded egress
 * node; the same taskID again replaces the room's running mix of that task. {@code DELETE
 * /egress/mix/{taskID}?roomID=} stops it. {@code Authorization: Bearer <room token>} granting
 * publish in the room every input stream is published in.
 */
final class EgressMixRoutes {
  private static final long START_TIMEOUT_MS = 30_000;
  private final Bus bus;
  private final EgressAdminJobs admin;
  private final TokenService tokens;
  private final int maxInputs;

  EgressMixRoutes(Bus bus, EgressAdminJobs admin, TokenService tokens, int maxInputs) {
    this.bus = bus;
    this.admin = admin;
    this.tokens = tokens;
    this.maxInputs = maxInputs;
  }

  private TokenClaims claims(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      throw ErrorCode.TOKEN_MISSING.exception("Authorization: Bearer <room token> is required");
    }
    return tokens.verify(header.substring("Bearer ".length()).trim());
  }

  private String room(RoutingContext ctx, TokenClaims claims) {
    String roomId = ctx.request().getParam("roomID");
    if (roomId == null && !TokenClaims.ANY_ROOM.equals(claims.roomId())) {
      roomId = claims.roomId();
    }
    if (roomId == null || !EgressJson.ID.matcher(roomId).matches()) {
      throw ErrorCode.INVALID_FIELD.exception("roomID must be 1-256 of letters, digits and _.:@-");
    }
    tokens.authorize(claims, claims.userId(), roomId, Privilege.PUBLISH);
    return roomId;
  }

  /** startMixerTask. */
  Future<JsonObject> start(RoutingContext ctx) {
    TokenClaims claims = claims(ctx);
    String roomId = room(ctx, claims);
    EgressMixStart parsed = parse(EgressJson.body(ctx), roomId);
    parsed.validate(maxInputs);
    List<Future<StreamLocation>> located = new ArrayList<>();
    for (EgressMixInput in : parsed.inputs()) {
      located.add(
          bus.request(
                  Addresses.ROOM_STREAM_LOCATE,
                  new LocateStream(in.streamId()),
                  StreamLocation.class)
              .map(
                  l -> {
                    if (l.nodeId() == null || !roomId.equals(l.roomId())) {
                      throw ErrorCode.STREAM_NOT_FOUND.exception(
                          "stream " + in.streamId() + " is not published in room " + roomId);
                    }
                    return l;
                  }));
    }
    return Future.all(located)
        .compose(
            all -> {
              List<EgressMixInput> inputs = new ArrayList<>();
              for (int i = 0; i < parsed.inputs().size(); i++) {
                EgressMixInput in = parsed.inputs().get(i);
                inputs.add(
                    new EgressMixInput(
                        in.streamId(),
                        located.get(i).result().nodeId(),
                        in.top(),
                        in.left(),
                        in.bottom(),
                        in.right(),
                        in.contentType()));
              }
              EgressMixStart q =
                  new EgressMixStart(
                      parsed.jobId(),
                      parsed.taskId(),
                      roomId,
                      inputs,
                      parsed.width(),
                      parsed.height(),
                      parsed.fps(),
                      parsed.videoKbps(),
                      parsed.audioKbps(),
                      parsed.urls());
              return stopTask(roomId, q.taskId())
                  .transform(replaced -> admin.leastLoaded())
                  .compose(
                      node ->
                          bus.request(
                              Addresses.egressMix(node.nodeId()),
                              q,
                              EgressJobInfo.class,
                              START_TIMEOUT_MS));
            })
        .map(info -> EgressJson.json(info.job()));
  }

  /** stopMixerTask. */
  Future<JsonObject> stop(RoutingContext ctx) {
    TokenClaims claims = claims(ctx);
    String roomId = room(ctx, claims);
    String taskId = ctx.pathParam("taskID");
    if (taskId == null || !EgressJson.ID.matcher(taskId).matches()) {
      throw ErrorCode.INVALID_FIELD.exception("taskID must be 1-256 of letters, digits and _.:@-");
    }
    return stopTask(roomId, taskId)
        .map(
            stopped -> {
              if (stopped.isEmpty()) {
                throw ErrorCode.EGRESS_JOB_NOT_FOUND.exception(
                    "no running mix task " + taskId + " in room " + roomId);
              }
              return EgressJson.json(stopped.get(0));
            });
  }

  /** Stops the room's running mix jobs of the task; the stopped records. */
  private Future<List<EgressJobRecord>> stopTask(String roomId, String taskId) {
    return admin.stopActive(
        j -> "mix".equals(j.kind()) && roomId.equals(j.roomId()) && taskId.equals(j.streamId()));
  }

  /** ZEGO's task as an EgressMixStart without media nodes (INVALID_FIELD on any bad field). */
  EgressMixStart parse(JsonObject task, String roomId) {
    String taskId = task.getValue("taskID") instanceof String s ? s : null;
    if (taskId == null || !EgressJson.ID.matcher(taskId).matches()) {
      throw invalid("taskID must be 1-256 of letters, digits and _.:@-");
    }
    if (!(task.getValue("inputList") instanceof JsonArray list) || list.isEmpty()) {
      throw invalid("inputList must be a non-empty array");
    }
    if (list.size() > maxInputs) {
      throw invalid(
          "inputList has "
              + list.size()
              + " streams, at most "
              + maxInputs
              + " (egress.mixMaxInputs)");
    }
    List<EgressMixInput> inputs = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "inputList[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject in)) {
        throw invalid(where + " must be an object");
      }
      String streamId = in.getValue("streamID") instanceof String s ? s : null;
      if (streamId == null || !EgressJson.ID.matcher(streamId).matches()) {
        throw invalid(where + ".streamID must be 1-256 of letters, digits and _.:@-");
      }
      Object type = in.getValue("contentType");
      if (type != null && !(type instanceof String)) {
        throw invalid(where + ".contentType must be VIDEO, AUDIO or VIDEO_ONLY");
      }
      if (!(in.getValue("layout") instanceof JsonObject layout)) {
        throw invalid(where + ".layout {top, left, bottom, right} is required");
      }
      inputs.add(
          new EgressMixInput(
              streamId,
              null,
              integer(layout, "top", where + ".layout"),
              integer(layout, "left", where + ".layout"),
              integer(layout, "bottom", where + ".layout"),
              integer(layout, "right", where + ".layout"),
              type == null ? "VIDEO" : (String) type));
    }
    if (!(task.getValue("outputList") instanceof JsonArray outs) || outs.isEmpty()) {
      throw invalid("outputList must be a non-empty array of {target: rtmp URL}");
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < outs.size(); i++) {
      Object o = outs.getValue(i);
      Object target = o instanceof JsonObject t ? t.getValue("target") : o;
      if (!(target instanceof String url) || !EgressMixStart.RTMP_URL.matcher(url).matches()) {
        throw invalid(
            "outputList["
                + i
                + "].target must be an rtmp:// or rtmps:// URL (streamID targets are not supported)");
      }
      urls.add(url);
    }
    JsonObject config =
        task.getValue("outputConfig") instanceof JsonObject c ? c : new JsonObject();
    return new EgressMixStart(
        "mx-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
        taskId,
        roomId,
        inputs,
        integer(config, "outputWidth", 640, "outputConfig"),
        integer(config, "outputHeight", 360, "outputConfig"),
        integer(config, "outputFPS", 15, "outputConfig"),
        integer(config, "outputBitrate", 1000, "outputConfig"),
        integer(config, "outputAudioBitrate", 48, "outputConfig"),
        urls);
  }

  private static int integer(JsonObject o, String key, String where) {
    Object v = o.getValue(key);
    if (v == null) {
      throw invalid(where + "." + key + " is required");
    }
    return integer(o, key, 0, where);
  }

  private static int integer(JsonObject o, String key, int fallback, String where) {
    Object v = o.getValue(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || Math.abs(n.doubleValue()) > 1_000_000) {
      throw invalid(where + "." + key + " must be an integer");
    }
    return n.intValue();
  }

  private static RuntimeException invalid(String message) {
    return ErrorCode.INVALID_FIELD.exception(message);
  }
}
