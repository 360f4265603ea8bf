package io.liveroom.infra.contracts;

/** One room of a resuming session. */
public record ResumeSeat(String roomId, String userId) {}
