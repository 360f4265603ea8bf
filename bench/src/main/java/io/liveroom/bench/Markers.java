package io.liveroom.bench;

/**
 * The benchmark's barrage payload: {@code ~S<step>T<nanoTime>~} padded with {@code x} to a fixed
 * size, so a receiver finds every message in a frame (merged or not, either protocol) with a byte
 * scan for {@code ~}, without parsing JSON. The send time is the sender's {@link System#nanoTime()}
 * (sender and receivers share the load tool's JVM).
 */
final class Markers {
  /** Receives each message found: its step and its send time. */
  interface Sink {
    void message(int step, long sentNanos);
  }

  private Markers() {}

  static String message(int step, long sentNanos, int size) {
    StringBuilder sb =
        new StringBuilder(size).append("~S").append(step).append('T').append(sentNanos).append('~');
    while (sb.length() < size) {
      sb.append('x');
    }
    return sb.toString();
  }

  /**
   * Calls {@code sink} for every well-formed marker in {@code data[0, length)}; returns how many.
   */
  static int scan(byte[] data, int length, Sink sink) {
    int found = 0;
    int i = 0;
    while (i < length) {
      if (data[i] != '~' || i + 1 >= length || data[i + 1] != 'S') {
        i++;
        continue;
      }
      int j = i + 2;
      int step = 0;
      int start = j;
      while (j < length && data[j] >= '0' && data[j] <= '9') {
        step = step * 10 + (data[j] - '0');
        j++;
      }
      if (j == start || j >= length || data[j] != 'T') {
        i = j;
        continue;
      }
      j++;
      long nanos = 0;
      boolean negative = j < length && data[j] == '-';
      if (negative) {
        j++;
      }
      start = j;
      while (j < length && data[j] >= '0' && data[j] <= '9') {
        nanos = nanos * 10 + (data[j] - '0');
        j++;
      }
      if (j == start || j >= length || data[j] != '~') {
        i = j;
        continue;
      }
      sink.message(step, negative ? -nanos : nanos);
      found++;
      i = j + 1;
    }
    return found;
  }
}
