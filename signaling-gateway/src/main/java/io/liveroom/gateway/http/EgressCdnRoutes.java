package io.liveroom.gateway.http;

import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.LocateStream;
import io.liveroom.infra.contracts.StreamLocation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * For clients (the SDK's {@code addPublishCdnUrl} / {@code removePublishCdnUrl}): {@code POST} /
 * {@code DELETE /egress/cdn/{streamID}?url=rtmp://...} with {@code Authorization: Bearer <room
 * token>} granting publish of that streamID in the stream's room start / stop an rtmp job.
 */
final class EgressCdnRoutes {
  private final Bus bus;
  private final TokenService tokens;
  private final EgressAdminJobs admin;

  EgressCdnRoutes(Bus bus, TokenService tokens, EgressAdminJobs admin) {
    this.bus = bus;
    this.tokens = tokens;
    this.admin = admin;
  }

  /** addPublishCdnUrl / removePublishCdnUrl: the room token must grant publishing the stream. */
  Future<JsonObject> cdn(RoutingContext ctx, boolean add) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      throw ErrorCode.TOKEN_MISSING.exception("Authorization: Bearer <room token> is required");
    }
    TokenClaims claims = tokens.verify(header.substring("Bearer ".length()).trim());
    String streamId = ctx.pathParam("streamID");
    String url = ctx.request().getParam("url");
    if (streamId == null || !EgressJson.ID.matcher(streamId).matches()) {
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
                return admin.start(
                    new JsonObject().put("kind", "rtmp").put("streamID", streamId).put("url", url));
              }
              return admin
                  .stopActive(
                      j ->
                          "rtmp".equals(j.kind())
                              && streamId.equals(j.streamId())
                              && url.equals(j.output()))
                  .map(
                      stopped -> {
                        if (stopped.isEmpty()) {
                          throw ErrorCode.EGRESS_JOB_NOT_FOUND.exception(
                              "no CDN push of " + streamId + " to that url");
                        }
                        return EgressJson.json(stopped.get(0));
                      });
            });
  }
}
