package io.liveroom.gateway.http;

import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.config.Config;
import io.liveroom.infra.contracts.Bus;
import io.liveroom.infra.store.EgressEvents;
import io.liveroom.infra.store.EgressStore;
import io.vertx.ext.web.Router;
import java.nio.file.Path;

/**
 * Egress in the admin API (mounted after {@code AdminApi}, so behind its authorization and body
 * limits): {@code POST /v1/egress} {kind, streamID[, url]} places a job on the least-loaded live
 * egress node; {@code GET /v1/egress[?streamID=]}, {@code GET /v1/egress/{id}} and {@code DELETE
 * /v1/egress/{id}}. A RUNNING job whose egress node's lease lapsed is reported (and stored) FAILED
 * ({@link EgressAdminJobs}). Also serves HLS output without a token at {@code
 * /hls/{streamID}/index.m3u8} from {@code egress.outputDir} (the egress nodes' shared output
 * directory; {@link HlsFileRoute}). For clients (the SDK's {@code addPublishCdnUrl} / {@code
 * removePublishCdnUrl}): {@code POST} / {@code DELETE /egress/cdn/{streamID}?url=rtmp://...} with
 * {@code Authorization: Bearer <room token>} granting publish of that streamID in the stream's room
 * start / stop an rtmp job ({@link EgressCdnRoutes}). The SDK's {@code startMixerTask} / {@code
 * stopMixerTask}: {@code POST /egress/mix}, {@code DELETE /egress/mix/{taskID}} ({@link
 * EgressMixRoutes}).
 */
public final class EgressRoutes {
  private final EgressAdminJobs admin;
  private final HlsFileRoute hls;
  private final EgressCdnRoutes cdn;
  private final EgressMixRoutes mix;

  public EgressRoutes(
      Bus bus, EgressStore store, EgressEvents events, Config config, TokenService tokens) {
    this.admin = new EgressAdminJobs(bus, store, events);
    this.cdn = new EgressCdnRoutes(bus, tokens, admin);
    Path dir;
    try {
      dir = Path.of(config.section("egress").getString("outputDir")).toAbsolutePath();
    } catch (RuntimeException noEgressDefaults) {
      dir = null;
    }
    this.hls = new HlsFileRoute(dir);
    int maxInputs;
    try {
      maxInputs = config.section("egress").getInt("mixMaxInputs", 1, 64);
    } catch (RuntimeException noEgressDefaults) {
      maxInputs = 9;
    }
    this.mix = new EgressMixRoutes(bus, admin, tokens, maxInputs);
  }

  public void mount(Router router) {
    router.post("/v1/egress").handler(ctx -> EgressJson.respond(ctx, admin::start));
    router.get("/v1/egress").handler(ctx -> EgressJson.respond(ctx, admin::list));
    router
        .get("/v1/egress/:jobID")
        .handler(
            ctx ->
                EgressJson.respond(
                    ctx, c -> admin.job(c.pathParam("jobID")).map(EgressJson::json)));
    router.delete("/v1/egress/:jobID").handler(ctx -> EgressJson.respond(ctx, admin::stop));
    router.get("/hls/:streamID/:file").handler(hls::hls);
    router
        .post("/egress/cdn/:streamID")
        .handler(ctx -> EgressJson.respond(ctx, c -> cdn.cdn(c, true)));
    router
        .delete("/egress/cdn/:streamID")
        .handler(ctx -> EgressJson.respond(ctx, c -> cdn.cdn(c, false)));
    RequestBodies.read(router, "/egress/mix", RequestBodies.JSON, true, 64 * 1024);
    router.post("/egress/mix").handler(ctx -> EgressJson.respond(ctx, mix::start));
    router.delete("/egress/mix/:taskID").handler(ctx -> EgressJson.respond(ctx, mix::stop));
  }
}
