package io.liveroom.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.auth.Privilege;
import io.liveroom.infra.auth.TokenClaims;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The route on a real HTTP server on 127.0.0.1, asked by a real HTTP client. */
class DevTokenRouteTest {
  private static final AuthConfig DEV = new AuthConfig("", "", 7200, 30);
  private static final AuthConfig CONFIGURED =
      new AuthConfig("configured-secret-0123456789", "", 86_400, 30);
  private static Vertx vertx;
  private static int devPort;
  private static int configuredPort;

  private record Response(int status, String contentType, String cacheControl, JsonObject body) {}

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    devPort = serve(DEV);
    configuredPort = serve(CONFIGURED);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static int serve(AuthConfig auth) throws Exception {
    Router router = Router.router(vertx);
    DevTokenRoute.mount(router, new TokenService(auth), auth);
    HttpServer server = vertx.createHttpServer().requestHandler(router);
    return server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
  }

  private static Response get(int port, String uri) throws Exception {
    LocalHttp.Response r = LocalHttp.get(port, uri);
    return new Response(r.status(), r.contentType(), r.cacheControl(), new JsonObject(r.body()));
  }

  private static int errorCode(Response response) {
    return response.body().getJsonObject("error").getInteger("code");
  }

  @Test
  void devModeServesALoginToken() throws Exception {
    long before = System.currentTimeMillis() / 1000;
    Response response = get(devPort, "/dev/token?userID=alice&roomID=lobby");
    assertEquals(200, response.status(), () -> response.body().encode());
    assertTrue(response.contentType().startsWith("application/json"), response.contentType());
    assertEquals("no-store", response.cacheControl());
    assertEquals("alice", response.body().getString("userID"));
    assertEquals("lobby", response.body().getString("roomID"));
    long expiresAt = response.body().getLong("expiresAt");
    assertTrue(
        expiresAt >= before + 3600 && expiresAt <= before + 3605,
        "default ttl 3600 s: " + expiresAt);

    TokenService verifier =
        new TokenService(AuthConfig.from(io.liveroom.infra.config.Config.defaults()));
    TokenClaims claims = verifier.verify(response.body().getString("token"));
    assertEquals(Set.of(Privilege.LOGIN), claims.privileges());
    assertEquals(expiresAt, claims.expiresAt());
    verifier.authorize(claims, "alice", "lobby", Privilege.LOGIN);
  }

  @Test
  void publishAndTtlAreHonoured() throws Exception {
    Response response = get(devPort, "/dev/token?userID=bob&roomID=*&publish=true&ttl=120");
    assertEquals(200, response.status(), () -> response.body().encode());
    TokenClaims claims = new TokenService(DEV).verify(response.body().getString("token"));
    assertEquals(Set.of(Privilege.LOGIN, Privilege.PUBLISH), claims.privileges());
    assertEquals(TokenClaims.ANY_ROOM, claims.roomId());
    assertEquals(120, claims.expiresAt() - claims.issuedAt());
  }

  @Test
  void missingOrInvalidParametersAre400() throws Exception {
    for (String uri :
        new String[] {
          "/dev/token",
          "/dev/token?roomID=lobby",
          "/dev/token?userID=alice",
          "/dev/token?userID=&roomID=lobby",
          "/dev/token?userID=a%20b&roomID=lobby",
          "/dev/token?userID=*&roomID=lobby",
          "/dev/token?userID=a&roomID=r&publish=maybe",
          "/dev/token?userID=a&roomID=r&ttl=0",
          "/dev/token?userID=a&roomID=r&ttl=7201",
          "/dev/token?userID=a&roomID=r&ttl=soon",
          "/dev/token?userID=a&userID=b&roomID=r"
        }) {
      Response response = get(devPort, uri);
      assertEquals(400, response.status(), uri);
      assertEquals(ErrorCode.INVALID_FIELD.code(), errorCode(response), uri);
      assertEquals("INVALID_FIELD", response.body().getJsonObject("error").getString("name"), uri);
    }
  }

  @Test
  void notServedOutsideDevMode() throws Exception {
    Response response = get(configuredPort, "/dev/token?userID=alice&roomID=lobby");
    assertEquals(404, response.status());
    assertTrue(
        response.body().getJsonObject("error").getString("message").contains("dev mode"),
        response.body().encode());
    assertTrue(!response.body().containsKey("token"), "no token outside dev mode");
  }
}
