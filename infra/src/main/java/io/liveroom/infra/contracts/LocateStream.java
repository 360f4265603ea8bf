package io.liveroom.infra.contracts;

/** Where a live stream's media is: asked before playing it. */
public record LocateStream(String streamId) {}
