package io.liveroom.infra.contracts;

/** Replaces a live stream's extra info; only its publisher's session may. */
public record SetStreamExtraInfo(
    String roomId, String streamId, String sessionId, String extraInfo) {}
