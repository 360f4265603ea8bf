package io.liveroom.infra.store;

/**
 * How the Redis keys are laid out so that every Lua script stays within one Redis Cluster slot.
 * Every key of one room (members, info, extra info, streams, placement) carries the hash tag {@code
 * {room:<id>}}, so a room's scripts are single-slot. Cross-room data is either under one tag of its
 * own (a registry: {@code {medianodes}}, {@code {egressnodes}}, {@code {placements}}, {@code
 * {events}}, {@code {webhooks}}) or per user / gateway / stream / session, and a change touching a
 * room and such an index is a room script plus separate index commands, the index kept a superset
 * that reads check against the room.
 */
public final class RedisKeys {
  private RedisKeys() {}

  /** {@code <prefix>{room:<id>}:<what>}. */
  public static String room(String prefix, String roomId, String what) {
    return prefix + "{room:" + roomId + "}:" + what;
  }

  /**
   * The Redis Cluster hash slot of {@code key}: CRC16 (XMODEM) of its hash tag (the part between
   * the first '{' and the next '}', when not empty) or of the whole key, modulo 16384.
   */
  public static int slot(String key) {
    byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int start = indexOf(bytes, (byte) '{', 0);
    int from = 0;
    int to = bytes.length;
    if (start >= 0) {
      int end = indexOf(bytes, (byte) '}', start + 1);
      if (end > start + 1) {
        from = start + 1;
        to = end;
      }
    }
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc ^= (bytes[i] & 0xff) << 8;
      for (int b = 0; b < 8; b++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xffff;
    }
    return crc % 16384;
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
