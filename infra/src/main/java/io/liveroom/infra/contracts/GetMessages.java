package io.liveroom.infra.contracts;

/**
 * Reads a room's broadcast history after {@code afterSeq} -> {@link MessagesPage}. Sent to {@link
 * Addresses#CHAT_MESSAGE_LIST}. With a {@code sessionId}, it must hold {@code userId}'s membership
 * of the room; a {@code null} sessionId is a server-side read (admin API). {@code limit} <= 0 or
 * above the configured page size means the page size.
 */
public record GetMessages(
    String roomId, String userId, String sessionId, long afterSeq, int limit) {}
