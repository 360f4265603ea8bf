package io.liveroom.gateway.http;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.store.EgressJobRecord;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Serves HLS output without a token at {@code /hls/{streamID}/index.m3u8} (and its segments) from
 * {@code egress.outputDir} (the egress nodes' shared output directory).
 */
final class HlsFileRoute {
  private static final Pattern HLS_FILE = Pattern.compile("index\\.m3u8|seg[0-9]{1,9}\\.ts");
  private final Path outputDir;

  /** {@code outputDir} null: there are no egress defaults, every file is not found. */
  HlsFileRoute(Path outputDir) {
    this.outputDir = outputDir;
  }

  void hls(RoutingContext ctx) {
    String stream = ctx.pathParam("streamID");
    String file = ctx.pathParam("file");
    if (outputDir == null
        || stream == null
        || !EgressJson.ID.matcher(stream).matches()
        || file == null
        || !HLS_FILE.matcher(file).matches()) {
      EgressJson.fail(
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
                EgressJson.fail(
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
}
