package io.liveroom.infra.http;

import io.liveroom.infra.logging.LogConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP access log (logger {@code io.liveroom.access}, INFO): one line per finished request with
 * its method, path, status, duration and remote address; {@code log.accessLog} turns it off and
 * {@code log.accessLogExclude} leaves paths out (health, readiness and metrics by default). What
 * could let a reader act as someone never appears: query parameters named like a credential (token,
 * secret, password, key, auth, signature, ...) are written as {@code ***}, and so is the resource
 * id of a WHIP or WHEP URL ({@code /whip/{streamID}/{resource}}, whose DELETE ends the resource).
 * Headers and bodies are never logged.
 */
public final class AccessLog {
  static final String LOGGER = "io.liveroom.access";
  static final String MASK = "***";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  private static final Set<String> SECRET_WORDS =
      Set.of(
          "token",
          "secret",
          "password",
          "passwd",
          "key",
          "auth",
          "signature",
          "sig",
          "credential",
          "jwt");
  private static final Pattern MEDIA_RESOURCE = Pattern.compile("^(/wh[ie]p/[^/]+/)[^/]+$");
  private final LogConfig config;

  public AccessLog(LogConfig config) {
    this.config = config;
  }

  /**
   * A router's first handler: the request's line is written once its response ended, or its
   * connection closed first (status {@code 0}, "closed").
   */
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (config.logsAccessTo(request.path() == null ? "" : request.path()) && LOG.isInfoEnabled()) {
      long start = System.nanoTime();
      String method = request.method().name();
      String uri = redact(request.uri());
      SocketAddress remote = request.remoteAddress();
      String from = remote == null ? "-" : remote.hostAddress();
      ctx.addEndHandler(
          ended ->
              write(
                  method,
                  uri,
                  ended.succeeded() ? ctx.response().getStatusCode() : 0,
                  start,
                  from));
    }
    ctx.next();
  }

  private static void write(String method, String uri, int status, long start, String from) {
    long ms = (System.nanoTime() - start) / 1_000_000;
    LOG.atInfo()
        .addKeyValue("method", method)
        .addKeyValue("path", uri)
        .addKeyValue("status", status)
        .addKeyValue("durationMs", ms)
        .addKeyValue("remote", from)
        .log("{} {} {} {} ms from {}", method, uri, status == 0 ? "closed" : status, ms, from);
  }

  /**
   * The URI as logged: credential-like query values and WHIP/WHEP resource ids replaced by {@link
   * #MASK}.
   */
  static String redact(String uri) {
    if (uri == null) {
      return "";
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    path = MEDIA_RESOURCE.matcher(path).replaceFirst("$1" + MASK);
    if (q < 0) {
      return path;
    }
    StringBuilder out = new StringBuilder(path).append('?');
    String[] params = uri.substring(q + 1).split("&", -1);
    for (int i = 0; i < params.length; i++) {
      String param = params[i];
      int eq = param.indexOf('=');
      String name = eq < 0 ? param : param.substring(0, eq);
      out.append(i > 0 ? "&" : "").append(name);
      if (eq >= 0) {
        out.append('=').append(secretName(name) ? MASK : param.substring(eq + 1));
      }
    }
    return out.toString();
  }

  private static boolean secretName(String name) {
    String lower;
    try {
      lower = URLDecoder.decode(name, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return true; // an undecodable name: mask rather than guess
    }
    for (String word : SECRET_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }
}
