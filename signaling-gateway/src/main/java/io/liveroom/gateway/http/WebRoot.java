package io.liveroom.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The browser side served by the gateway from the classpath folder {@code webroot/}: the demo page
 * at {@code /}, {@code /p2p.html}, and the SDK at {@code /sdk/liveroom.js} (an ES module). The same
 * SDK source is also served as a classic script at {@code /sdk/liveroom.global.js}: its export
 * lines dropped and the whole wrapped in a function, so a plain script tag gets the global {@code
 * LiveRoomEngine} and nothing else.
 */
public final class WebRoot {
  static final String FOLDER = "webroot";
  static final String SDK = FOLDER + "/sdk/liveroom.js";

  private WebRoot() {}

  /** Mount last: the static handler answers GETs no earlier route took. */
  public static void mount(Router router) {
    Buffer classic = Buffer.buffer(classicScript(read(SDK)));
    router
        .get("/sdk/liveroom.global.js")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/javascript; charset=utf-8")
                    .putHeader("Cache-Control", "no-cache")
                    .end(classic));
    router
        .get("/*")
        .handler(
            StaticHandler.create(FOLDER)
                .setIndexPage("index.html")
                .setCachingEnabled(false)
                .setDefaultContentEncoding("UTF-8"));
  }

  /**
   * The module source as a classic script: {@code export default} lines gone, {@code export }
   * prefixes dropped.
   */
  static String classicScript(String module) {
    StringBuilder out = new StringBuilder("(function () {\n'use strict';\n");
    for (String line : module.split("\n", -1)) {
      if (line.startsWith("export default ")) {
        continue;
      }
      out.append(line.startsWith("export ") ? line.substring("export ".length()) : line)
          .append('\n');
    }
    return out.append("})();\n").toString();
  }

  private static String read(String resource) {
    try (InputStream in = WebRoot.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
