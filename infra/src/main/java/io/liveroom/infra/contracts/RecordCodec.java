package io.liveroom.infra.contracts;

import io.liveroom.infra.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries the contract records over the event bus: as the same immutable object inside one JVM, as
 * {@code [class name][JSON]} between cluster nodes. Only records of the {@code io.liveroom}
 * packages are encoded or decoded.
 */
public final class RecordCodec implements MessageCodec<Object, Object> {
  public static final String NAME = "liveroom-record";
  private static final String PACKAGE = "io.liveroom.";
  private final ConcurrentHashMap<String, Class<?>> classes = new ConcurrentHashMap<>();

  /** Registers the codec and selects it for every liveroom record. Call before any deploy. */
  public static void register(EventBus bus) {
    bus.registerCodec(new RecordCodec());
    bus.codecSelector(body -> isContract(body) ? NAME : null);
  }

  static boolean isContract(Object body) {
    return body instanceof Record && body.getClass().getName().startsWith(PACKAGE);
  }

  @Override
  public void encodeToWire(Buffer buffer, Object value) {
    byte[] type = value.getClass().getName().getBytes(StandardCharsets.UTF_8);
    byte[] json = Json.toBytes(value);
    buffer.appendInt(type.length).appendBytes(type).appendInt(json.length).appendBytes(json);
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    int typeLength = buffer.getInt(pos);
    String type = buffer.getString(pos + 4, pos + 4 + typeLength, "UTF-8");
    int jsonPos = pos + 4 + typeLength;
    int jsonLength = buffer.getInt(jsonPos);
    byte[] json = buffer.getBytes(jsonPos + 4, jsonPos + 4 + jsonLength);
    return Json.fromBytes(json, classFor(type));
  }

  private Class<?> classFor(String name) {
    return classes.computeIfAbsent(
        name,
        n -> {
          if (!n.startsWith(PACKAGE)) {
            throw new IllegalArgumentException("refusing to decode foreign type " + n);
          }
          try {
            Class<?> c = Class.forName(n, false, RecordCodec.class.getClassLoader());
            if (!c.isRecord()) {
              throw new IllegalArgumentException("not a record: " + n);
            }
            return c;
          } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown contract type " + n, e);
          }
        });
  }

  @Override
  public Object transform(Object value) {
    return value; // records are immutable: local delivery shares the instance
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
