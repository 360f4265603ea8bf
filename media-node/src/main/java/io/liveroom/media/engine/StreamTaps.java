package io.liveroom.media.engine;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.Failures;
import io.liveroom.media.sdp.NegotiatedMedia;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The engine's {@link StreamTap}s: added (or renewed) by an egress node, dropped when not renewed
 * within their lease, when the stream ends, or on request. Adding a tap asks the publisher for a
 * keyframe at once and again 1 s and 3 s later, so a recording starts decodable even if ffmpeg
 * missed the first one.
 */
public final class StreamTaps {
  /** What a tap carries, for the egress node's SDP. */
  public record Info(String tapId, NegotiatedMedia video, NegotiatedMedia audio) {}

  private final Map<String, StreamTap> taps = new ConcurrentHashMap<>();
  private final Function<String, Stream> streams;
  private final ScheduledExecutorService monitor;

  StreamTaps(Function<String, Stream> streams, ScheduledExecutorService monitor) {
    this.streams = streams;
    this.monitor = monitor;
    monitor.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Adds the tap, or renews it when {@code tapId} is held.
   *
   * @throws io.liveroom.infra.contracts.ServiceException {@code STREAM_NOT_FOUND}
   */
  public Info tap(
      String tapId, String streamId, String host, int videoPort, int audioPort, long leaseMs) {
    Stream stream = streams.apply(streamId);
    if (stream == null) {
      throw ErrorCode.STREAM_NOT_FOUND.exception(
          "stream " + streamId + " is not published on this node");
    }
    NegotiatedMedia video = first(stream, true);
    NegotiatedMedia audio = first(stream, false);
    StreamTap held = taps.get(tapId);
    if (held != null && held.stream == stream) {
      held.renewedAt = System.currentTimeMillis();
      held.leaseMs = leaseMs;
      return new Info(tapId, video, audio);
    }
    StreamTap tap;
    try {
      tap =
          new StreamTap(
              tapId,
              stream,
              video == null || videoPort <= 0 ? null : new InetSocketAddress(host, videoPort),
              audio == null || audioPort <= 0 ? null : new InetSocketAddress(host, audioPort),
              video == null ? -1 : video.codec().payloadType(),
              audio == null ? -1 : audio.codec().payloadType(),
              leaseMs);
    } catch (IOException e) {
      throw Failures.toService(e, "opening the tap socket of " + tapId);
    }
    StreamTap old = taps.put(tapId, tap);
    if (old != null) {
      remove(old);
    }
    stream.worker.execute(() -> stream.taps.add(tap));
    for (long delay : new long[] {0, 1000, 3000}) {
      monitor.schedule(
          () -> stream.worker.execute(() -> stream.requestKeyframe(true)),
          delay,
          TimeUnit.MILLISECONDS);
    }
    return new Info(tapId, video, audio);
  }

  /** Ends a tap; false if unknown. */
  public boolean untap(String tapId) {
    StreamTap tap = taps.remove(tapId);
    if (tap == null) {
      return false;
    }
    remove(tap);
    return true;
  }

  public int size() {
    return taps.size();
  }

  private void remove(StreamTap tap) {
    tap.stream.worker.execute(
        () -> {
          tap.stream.taps.remove(tap);
          tap.close();
        });
  }

  private void expire() {
    long now = System.currentTimeMillis();
    for (StreamTap tap : taps.values()) {
      if (tap.expired(now) || streams.apply(tap.stream.id) != tap.stream) {
        if (taps.remove(tap.id, tap)) {
          remove(tap);
        }
      }
    }
  }

  private static NegotiatedMedia first(Stream stream, boolean video) {
    for (NegotiatedMedia m : stream.published()) {
      if (m.accepted() && m.codec() != null && (video ? m.isVideo() : m.isAudio())) {
        return m;
      }
    }
    return null;
  }
}
