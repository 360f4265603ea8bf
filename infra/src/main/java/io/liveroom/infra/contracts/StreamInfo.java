package io.liveroom.infra.contracts;

/** A stream as room members see it (ZEGO's streamList items). */
public record StreamInfo(String streamId, String userId, String userName, String extraInfo) {}
