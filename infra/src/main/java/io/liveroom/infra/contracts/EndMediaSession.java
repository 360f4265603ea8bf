package io.liveroom.infra.contracts;

/**
 * A media-only session ended (WHIP DELETE, or its media closed): its streams go; if it held the
 * user's membership, the membership passes to another media session of the user that still
 * publishes in the room, else the user leaves. Replied with {@link LogoutReply} ({@code removed}:
 * the user left).
 */
public record EndMediaSession(String roomId, String userId, String sessionId) {}
