package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Published by a media node at most every {@code media.audioLevelIntervalMs} (200 ms): the audio
 * levels of its published streams whose level changed, read from the publishers' RFC 6464
 * ssrc-audio-level header extension. Gateways pass them to the sessions playing those streams
 * ({@code soundLevelUpdate}).
 */
public record MediaAudioLevels(String nodeId, List<Level> levels) {
  /** {@code soundLevel}: ZEGO's 0 (silence, -60 dBov or less) .. 100 (0 dBov). */
  public record Level(String streamId, int soundLevel) {}
}
