package io.liveroom.gateway.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The OpenAPI 3.1 document of the {@code /v1} API, a resource of this module, served as it is. */
public final class OpenApiDocument {
  /** Where the document is on the class path. */
  public static final String RESOURCE = "/openapi/liveroom-v1.json";

  private static final byte[] BYTES = load();

  private OpenApiDocument() {}

  /** The document's text (UTF-8 JSON). */
  public static byte[] bytes() {
    return BYTES.clone();
  }

  static void serve(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(BYTES));
  }

  private static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
