package io.liveroom.infra.text;

import io.liveroom.infra.contracts.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Java strings are UTF-16 and may hold an unpaired surrogate (a JSON escape of U+D83D alone decodes
 * to one), which is not Unicode text: it has no UTF-8 encoding, and encoders disagree on what to
 * write for it (Java writes {@code ?}, Netty's {@code ByteBufUtil} writes invalid UTF-8). This is
 * the one place that decides: input holding one is refused ({@link #requireValid}), output replaces
 * it with U+FFFD ({@link #wellFormed}) so nothing written is ever invalid UTF-8.
 */
public final class Unicode {
  /** U+FFFD REPLACEMENT CHARACTER, written for an unpaired surrogate. */
  public static final char REPLACEMENT = '\uFFFD';

  /** How much of a field name an error message quotes. */
  private static final int MAX_QUOTED_NAME = 64;

  private static final String NOT_VALID = "not valid Unicode text (unpaired surrogate)";

  private Unicode() {}

  /**
   * The index of the first unpaired surrogate in {@code s}, or -1 when it is valid Unicode text.
   */
  public static int unpairedSurrogate(CharSequence s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  public static boolean isValid(CharSequence s) {
    return unpairedSurrogate(s) < 0;
  }

  /**
   * The UTF-8 length of {@code s}, or -1 when it holds an unpaired surrogate (it has no UTF-8
   * form).
   */
  public static int utf8Length(CharSequence s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (!Character.isSurrogate(c)) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2; // two chars, four bytes
        i++;
      } else {
        return -1;
      }
    }
    return bytes;
  }

  /**
   * The UTF-8 length of {@code s}; INVALID_FIELD naming {@code field} when it holds an unpaired
   * surrogate.
   */
  public static int requireUtf8Length(String s, String field) {
    int bytes = utf8Length(s);
    if (bytes < 0) {
      throw ErrorCode.INVALID_FIELD.exception(field + ": " + NOT_VALID);
    }
    return bytes;
  }

  /**
   * {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself when it has none.
   */
  public static String wellFormed(String s) {
    int first = unpairedSurrogate(s);
    if (first < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length()).append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isSurrogate(c)) {
        out.append(c);
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append(REPLACEMENT);
      }
    }
    return out.toString();
  }

  /**
   * The UTF-8 bytes of {@code s}, U+FFFD for each unpaired surrogate (Java's own encoder writes
   * {@code ?}).
   */
  public static byte[] utf8(String s) {
    return wellFormed(s).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Decodes strict UTF-8 (no overlong forms, no encoded surrogates); null when {@code bytes} is not
   * valid UTF-8.
   */
  public static String decodeStrict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Refuses a decoded JSON value (a Vert.x {@code JsonObject}/{@code JsonArray}, a map, list or
   * string, any nesting) in which any string, member name or value, holds an unpaired surrogate:
   * INVALID_FIELD {@code "<path>: not valid Unicode text (unpaired surrogate)"}. {@code path} names
   * the value ("" for a whole request); nested ones are {@code path.name} and {@code path[i]}.
   */
  public static void requireValid(Object json, String path) {
    String bad = invalidPath(json, path);
    if (bad != null) {
      throw ErrorCode.INVALID_FIELD.exception(bad + " " + NOT_VALID);
    }
  }

  /**
   * Where {@link #requireValid} would fail ("{@code path:}", or "a field name in {@code path}:"),
   * or null.
   */
  public static String invalidPath(Object json, String path) {
    if (json instanceof JsonObject o) {
      json = o.getMap();
    } else if (json instanceof JsonArray a) {
      json = a.getList();
    }
    if (json instanceof CharSequence s) {
      return isValid(s) ? null : (path.isEmpty() ? "value" : path) + ":";
    }
    if (json instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String name = String.valueOf(e.getKey());
        if (!isValid(name)) {
          return "a field name" + (path.isEmpty() ? "" : " in " + path) + ":";
        }
        String bad =
            invalidPath(e.getValue(), path.isEmpty() ? quoted(name) : path + "." + quoted(name));
        if (bad != null) {
          return bad;
        }
      }
    } else if (json instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        String bad = invalidPath(list.get(i), path + "[" + i + "]");
        if (bad != null) {
          return bad;
        }
      }
    }
    return null; // numbers, booleans, null
  }

  /**
   * A field name as an error message quotes it: at most {@value #MAX_QUOTED_NAME} characters, never
   * half a pair.
   */
  private static String quoted(String name) {
    if (name.length() <= MAX_QUOTED_NAME) {
      return name;
    }
    int end =
        Character.isHighSurrogate(name.charAt(MAX_QUOTED_NAME - 1))
            ? MAX_QUOTED_NAME - 1
            : MAX_QUOTED_NAME;
    return name.substring(0, end) + "...";
  }
}
