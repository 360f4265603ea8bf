package io.liveroom.infra.contracts;

/** Whether anything was stopped (false: unknown or already gone). */
public record MediaStopped(boolean stopped) {}
