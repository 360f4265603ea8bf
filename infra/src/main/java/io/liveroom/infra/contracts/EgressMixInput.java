package io.liveroom.infra.contracts;

/**
 * One input of a mix job: {@code streamId} forwarded by {@code mediaNodeId}, drawn in the canvas
 * rectangle {@code left <= x < right}, {@code top <= y < bottom} (ZEGO's {@code layout}); {@code
 * contentType} VIDEO (picture and sound), AUDIO (sound only) or VIDEO_ONLY (picture only).
 */
public record EgressMixInput(
    String streamId,
    String mediaNodeId,
    int top,
    int left,
    int bottom,
    int right,
    String contentType) {}
