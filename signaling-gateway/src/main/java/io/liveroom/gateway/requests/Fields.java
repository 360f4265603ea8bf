package io.liveroom.gateway.requests;

import io.liveroom.gateway.GatewayConfig;
import io.liveroom.infra.contracts.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Typed, validated reads of request fields: each failure is an INVALID_FIELD naming the field. */
public final class Fields {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@\\-]+");
  private final GatewayConfig limits;

  public Fields(GatewayConfig limits) {
    this.limits = limits;
  }

  /** A required room or user ID: 1..maxIdLength of letters, digits and {@code _ . : @ -}. */
  public String id(JsonObject request, String field) {
    return id(request, field, field);
  }

  public String id(JsonObject object, String field, String path) {
    String value = string(object, field, path);
    if (value.isEmpty() || value.length() > limits.maxIdLength() || !ID.matcher(value).matches()) {
      throw ErrorCode.INVALID_FIELD.exception(
          path + " must be 1-" + limits.maxIdLength() + " letters, digits or _ . : @ -");
    }
    return value;
  }

  public String name(JsonObject object, String field, String path, String fallback) {
    Object value = object.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s) || s.length() > limits.maxUserNameLength()) {
      throw ErrorCode.INVALID_FIELD.exception(
          path + " must be a string of at most " + limits.maxUserNameLength() + " characters");
    }
    return s;
  }

  /** A free-form string (extra info, keys): required or defaulting to "". */
  public String text(JsonObject object, String field, boolean required) {
    Object value = object.getValue(field);
    if (value == null && !required) {
      return "";
    }
    if (!(value instanceof String s) || required && s.isEmpty()) {
      throw ErrorCode.INVALID_FIELD.exception(
          field + (value == null ? " is required" : " must be a non-empty string"));
    }
    return s;
  }

  /** One of a fixed set of strings; {@code fallback} null makes the field required. */
  String oneOf(JsonObject object, String field, String path, Set<String> allowed, String fallback) {
    Object value = object.getValue(field);
    if (value == null && fallback != null) {
      return fallback;
    }
    if (!(value instanceof String s) || !allowed.contains(s)) {
      throw ErrorCode.INVALID_FIELD.exception(path + " must be one of " + new TreeSet<>(allowed));
    }
    return s;
  }

  JsonObject object(JsonObject request, String field, boolean required) {
    Object value = request.getValue(field);
    if (value == null && !required) {
      return new JsonObject();
    }
    if (!(value instanceof JsonObject o)) {
      throw ErrorCode.INVALID_FIELD.exception(field + " must be an object");
    }
    return o;
  }

  static boolean bool(JsonObject object, String field, String path, boolean fallback) {
    Object value = object.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw ErrorCode.INVALID_FIELD.exception(path + " must be true or false");
    }
    return b;
  }

  static int nonNegativeInt(JsonObject object, String field, String path, int fallback) {
    Object value = object.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long)
        || ((Number) value).longValue() < 0
        || ((Number) value).longValue() > Integer.MAX_VALUE) {
      throw ErrorCode.INVALID_FIELD.exception(path + " must be a non-negative integer");
    }
    return ((Number) value).intValue();
  }

  private static String string(JsonObject object, String field, String path) {
    Object value = object.getValue(field);
    if (!(value instanceof String s)) {
      throw ErrorCode.INVALID_FIELD.exception(
          path + (value == null ? " is required" : " must be a string"));
    }
    return s;
  }
}
