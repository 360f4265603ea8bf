package io.liveroom.infra.contracts;

/** The mute went to the publisher of {@code streamId} ({@code userId}). */
public record TrackMuted(
    String roomId, String streamId, String userId, String kind, boolean muted) {}
