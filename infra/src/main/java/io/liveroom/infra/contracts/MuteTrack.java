package io.liveroom.infra.contracts;

/**
 * The server mutes ({@code muted} true) or unmutes one track ({@code kind} "audio" or "video") of a
 * published stream: the publisher's SDK is told ({@link TrackMuteChanged} to its gateway) and stops
 * sending it; the room's members get {@link RoomStreamTrackMuted}. Sent to {@link
 * Addresses#ROOM_STREAM_TRACK_MUTE}; replied with {@link TrackMuted}.
 */
public record MuteTrack(String roomId, String streamId, String kind, boolean muted) {}
