package io.liveroom.infra.contracts;

/** An open room and its member count. */
public record RoomSummary(
    String roomId, String mode, int members, int maxMembers, long createdAt) {}
