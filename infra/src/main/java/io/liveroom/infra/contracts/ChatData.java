package io.liveroom.infra.contracts;

/**
 * One IM message as ZEGO's chatData: {@code messageId} (broadcast: the room's sequence number;
 * barrage: a per-node counter), {@code fromUser} {userId, userName}, {@code sendTime} (server
 * clock, epoch ms) and the {@code message} text.
 */
public record ChatData(long messageId, RoomUser fromUser, long sendTime, String message) {}
