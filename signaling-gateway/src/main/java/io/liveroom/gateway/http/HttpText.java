package io.liveroom.gateway.http;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.text.Unicode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;

/**
 * Text in and out of the gateway's HTTP routes (admin API, WHIP/WHEP, dev tokens): request URIs and
 * bodies must be valid UTF-8 and Unicode, and every JSON or text response is valid UTF-8 whatever
 * it quotes. Vert.x's {@code end(String)} writes an unpaired surrogate as {@code ?} and {@code
 * RoutingContext.json} as a JSON escape of the lone surrogate, which strict JSON readers refuse;
 * here it becomes U+FFFD.
 */
public final class HttpText {
  private HttpText() {}

  /** Writes {@code body} as an {@code application/json} response of valid UTF-8. */
  public static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    end(ctx.response(), body.encode());
  }

  /** Ends {@code response} with {@code text} as valid UTF-8 (U+FFFD for an unpaired surrogate). */
  static void end(HttpServerResponse response, String text) {
    response.end(Buffer.buffer(Unicode.utf8(text)));
  }

  /**
   * A route handler run before every other: a request whose path or query, once percent-decoded, is
   * not valid UTF-8 gets 400 INVALID_FIELD (Vert.x would decode it with U+FFFD in place of the bad
   * bytes and the route would see something the client never sent).
   */
  public static void requireValidUri(RoutingContext ctx) {
    if (validUtf8Uri(ctx.request().uri())) {
      ctx.next();
    } else {
      AdminApi.fail(
          ctx,
          ErrorCode.INVALID_FIELD.exception(
              "the request URI is not valid UTF-8 once percent-decoded"));
    }
  }

  /**
   * Whether a raw request URI (its bytes as Latin-1 characters, as Netty reads them) decodes as
   * strict UTF-8.
   */
  static boolean validUtf8Uri(String uri) {
    if (plainAscii(uri)) {
      return true; // the common case: nothing to decode
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(uri.length());
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      int hi;
      int lo;
      if (c == '%'
          && i + 2 < uri.length()
          && (hi = Character.digit(uri.charAt(i + 1), 16)) >= 0
          && (lo = Character.digit(uri.charAt(i + 2), 16)) >= 0) {
        c = (char) (hi << 4 | lo);
        i += 2;
      }
      if (c > 0xFF) {
        return false; // not a byte: the URI was not read as bytes
      }
      bytes.write(c);
    }
    return Unicode.decodeStrict(bytes.toByteArray()) != null;
  }

  private static boolean plainAscii(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '%' || c >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
