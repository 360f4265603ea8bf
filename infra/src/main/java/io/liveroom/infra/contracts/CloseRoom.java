package io.liveroom.infra.contracts;

/**
 * The server closes a room: every member is kicked ({@link ErrorCode#KICKED_ROOM_CLOSED}, with
 * {@code reason} as its text, null: the code's message), their streams stop, the room is gone. Sent
 * to {@link Addresses#ROOM_CLOSE}; replied with {@link RoomClosed}.
 */
public record CloseRoom(String roomId, String reason) {}
