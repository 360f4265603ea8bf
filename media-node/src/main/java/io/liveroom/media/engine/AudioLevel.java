package io.liveroom.media.engine;

/**
 * A published stream's audio level as ZEGO's soundLevel: 0 (silence, -60 dBov or less) to 100 (0
 * dBov).
 */
public record AudioLevel(String streamId, int soundLevel) {}
