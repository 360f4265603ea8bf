package io.liveroom.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SDK and the demo pages on a real HTTP server on 127.0.0.1, asked by a real HTTP client. */
class WebRootTest {
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.get("/health").handler(ctx -> ctx.response().end("ok"));
    WebRoot.mount(router);
    port =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS)
            .actualPort();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static LocalHttp.Response get(String uri) throws Exception {
    return LocalHttp.get(port, uri);
  }

  @Test
  void servesTheSdkAsAnEsModule() throws Exception {
    LocalHttp.Response sdk = get("/sdk/liveroom.js");
    assertEquals(200, sdk.status());
    assertTrue(sdk.contentType().contains("javascript"), sdk.contentType());
    assertTrue(
        sdk.body().contains("export default LiveRoomEngine"), "a module with a default export");
    assertTrue(sdk.body().contains("globalThis.LiveRoomEngine = LiveRoomEngine"));
  }

  @Test
  void servesTheSameSdkAsAClassicScript() throws Exception {
    LocalHttp.Response classic = get("/sdk/liveroom.global.js");
    assertEquals(200, classic.status());
    assertTrue(classic.contentType().startsWith("text/javascript"), classic.contentType());
    assertFalse(
        classic.body().lines().anyMatch(l -> l.startsWith("export ")),
        "no export left in a classic script");
    assertTrue(classic.body().contains("class LiveRoomEngine"));
    assertTrue(classic.body().strip().endsWith("})();"));
  }

  @Test
  void servesTheDemoPages() throws Exception {
    for (String page : new String[] {"/", "/index.html", "/p2p.html"}) {
      LocalHttp.Response html = get(page);
      assertEquals(200, html.status(), page);
      assertTrue(html.contentType().startsWith("text/html"), page + ": " + html.contentType());
      assertTrue(html.body().contains("/sdk/liveroom.js"), page + " loads the SDK");
    }
  }

  @Test
  void leavesOtherRoutesAloneAndAnswers404ForUnknownFiles() throws Exception {
    assertEquals("ok", get("/health").body());
    assertEquals(404, get("/no-such-file.js").status());
  }

  @Test
  void classicScriptDropsExportsOnly() {
    String classic =
        WebRoot.classicScript("export const A = 1;\nconst b = 2;\nexport default A;\n");
    assertEquals("(function () {\n'use strict';\nconst A = 1;\nconst b = 2;\n\n})();\n", classic);
  }
}
