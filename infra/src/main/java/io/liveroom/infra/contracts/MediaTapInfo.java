package io.liveroom.infra.contracts;

/**
 * What a tap carries: each kind's codec (e.g. VP8, H264, opus; null when the stream has none),
 * payload type, clock rate, channels (audio) and fmtp line (null if none).
 */
public record MediaTapInfo(
    String nodeId,
    String tapId,
    String videoCodec,
    int videoPayloadType,
    int videoClockRate,
    String videoFmtp,
    String audioCodec,
    int audioPayloadType,
    int audioClockRate,
    int audioChannels) {}
