package io.liveroom.launcher.serverapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.TestNodes;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v1/openapi.json} against the gateway's router of a real node: the document is a valid
 * OpenAPI 3.1 contract (parsed by vertx-openapi), every {@code /v1} route is in it and every
 * documented operation is a route, and every status a route answers to a set of probes (no
 * credentials, unknown IDs, hostile IDs, an empty, a non-JSON and an oversized body) is documented
 * for it, its body valid against the document's schema.
 */
class OpenApiDocumentTest {
  private static final int MAX_BODY = 2048;
  private static final Pattern PARAM = Pattern.compile(":([A-Za-z]+)");
  private static RunningNode node;
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.start(Map.of("http.adminMaxBodyBytes", Integer.toString(MAX_BODY)));
    port = node.httpPort();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    node.stop().await(20, TimeUnit.SECONDS);
  }

  private record Endpoint(HttpMethod method, String template) {
    String openApiPath() {
      return PARAM.matcher(template).replaceAll("{$1}");
    }

    String path(String id) {
      return PARAM.matcher(template).replaceAll(Matcher.quoteReplacement(id));
    }

    boolean hasParams() {
      return template.contains(":");
    }

    @Override
    public String toString() {
      return method + " " + openApiPath();
    }
  }

  /**
   * Every route of the gateway's router under {@code /v1} with a method and a fixed path (not the
   * {@code /v1/*} filters).
   */
  private static List<Endpoint> routes() {
    List<Endpoint> out = new ArrayList<>();
    for (Route route : node.gateway().routes()) {
      String path = route.getPath();
      if (path == null
          || !path.startsWith("/v1/")
          || !route.isExactPath()
          || route.methods() == null
          || route.methods().isEmpty()) {
        continue;
      }
      route.methods().forEach(m -> out.add(new Endpoint(m, path)));
    }
    return out;
  }

  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  private static HttpResponse<String> send(
      String method, String path, String body, String contentType, String authorization)
      throws Exception {
    java.net.http.HttpRequest.Builder b =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
            .timeout(java.time.Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject document() throws Exception {
    HttpResponse<String> r = Admin.send(port, "GET", "/v1/openapi.json", null, TestTokens.admin());
    assertEquals(200, r.statusCode(), r::body);
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    return new JsonObject(r.body());
  }

  @Test
  void theDocumentIsAValidOpenApi31ContractBehindAdminAuth() throws Exception {
    assertEquals(401, Admin.status(port, "GET", "/v1/openapi.json", null, null));
    OpenAPIContract contract = OpenAPIContract.from(vertx, document()).await(20, TimeUnit.SECONDS);
    assertEquals(OpenAPIVersion.V3_1, contract.getVersion());
    assertTrue(
        contract.operations().size() >= 20, () -> contract.operations().size() + " operations");
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() throws Exception {
    JsonObject paths = document().getJsonObject("paths");
    List<Endpoint> routes = routes();
    assertTrue(routes.size() >= 20, () -> "routes found: " + routes);
    Set<String> missing = new TreeSet<>();
    Set<String> routed = new TreeSet<>();
    for (Endpoint e : routes) {
      routed.add(e.toString());
      JsonObject item = paths.getJsonObject(e.openApiPath());
      if (item == null || item.getJsonObject(e.method().name().toLowerCase(Locale.ROOT)) == null) {
        missing.add(e.toString());
      }
    }
    assertEquals(
        Set.of(), missing, "routes of the gateway missing from openapi.json (method and path)");
    Set<String> stale = new TreeSet<>();
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        String op = method.toUpperCase(Locale.ROOT) + " " + path;
        if (!routed.contains(op)) {
          stale.add(op);
        }
      }
    }
    assertEquals(Set.of(), stale, "operations in openapi.json that no route of the gateway serves");
  }

  @Test
  void everyStatusARouteAnswersIsDocumentedWithAValidBody() throws Exception {
    JsonObject doc = document();
    OpenAPIContract contract = OpenAPIContract.from(vertx, doc.copy()).await(20, TimeUnit.SECONDS);
    ResponseValidator validator = ResponseValidator.create(vertx, contract);
    List<String> problems = new ArrayList<>();
    int probes = 0;
    for (Endpoint e : routes()) {
      JsonObject item = doc.getJsonObject("paths").getJsonObject(e.openApiPath());
      JsonObject operation =
          item == null ? null : item.getJsonObject(e.method().name().toLowerCase(Locale.ROOT));
      if (operation == null) {
        continue; // reported by everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute
      }
      Set<String> documented = new TreeSet<>(operation.getJsonObject("responses").fieldNames());
      boolean post = e.method() == HttpMethod.POST;
      List<String[]> cases = new ArrayList<>(); // {what, path, body, content type, authorization}
      cases.add(new String[] {"no credentials", e.path("oa-none"), post ? "{}" : null, null, null});
      cases.add(
          new String[] {
            "unknown IDs", e.path("oa-none"), post ? "{}" : null, null, TestTokens.admin()
          });
      if (e.hasParams()) {
        cases.add(
            new String[] {
              "hostile IDs", e.path("bad%20id%3Cx%3E"), post ? "{}" : null, null, TestTokens.admin()
            });
      }
      if (post) {
        cases.add(
            new String[] {
              "a non-JSON body",
              e.path("oa-none"),
              "a=b",
              "application/x-www-form-urlencoded",
              TestTokens.admin()
            });
        cases.add(
            new String[] {
              "an oversized body",
              e.path("oa-none"),
              "{\"x\":\"" + "y".repeat(MAX_BODY) + "\"}",
              null,
              TestTokens.admin()
            });
        cases.add(
            new String[] {
              "a body that is not an object", e.path("oa-none"), "[1]", null, TestTokens.admin()
            });
      }
      for (String[] c : cases) {
        probes++;
        HttpResponse<String> r = send(e.method().name(), c[1], c[2], c[3], c[4]);
        String status = Integer.toString(r.statusCode());
        if (!documented.contains(status)) {
          problems.add(
              e
                  + " answers "
                  + status
                  + " to "
                  + c[0]
                  + " ("
                  + r.body()
                  + "), but openapi.json documents only "
                  + new TreeSet<>(documented));
          continue;
        }
        String type = r.headers().firstValue("Content-Type").orElse("application/json");
        try {
          validator
              .validate(
                  ValidatableResponse.create(
                      r.statusCode(), Map.of("Content-Type", type), Buffer.buffer(r.body()), type),
                  operation.getString("operationId"))
              .await(10, TimeUnit.SECONDS);
        } catch (Exception ex) {
          problems.add(
              e
                  + " answers "
                  + status
                  + " to "
                  + c[0]
                  + " with a body the document's schema refuses: "
                  + ex.getMessage()
                  + " ("
                  + r.body()
                  + ")");
        }
      }
    }
    assertEquals(List.of(), problems, () -> "undocumented statuses or bodies: " + problems.size());
    assertTrue(probes > 60, "probes made: " + probes);
  }
}
