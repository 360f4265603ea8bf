package io.liveroom.infra.contracts;

/**
 * The server grants or takes away a connected member's {@code publish} privilege in a room: the
 * member's gateway applies it to the seat ({@link PrivilegesChanged}); taking it away stops the
 * member's streams there. Sent to {@link Addresses#ROOM_MEMBER_PRIVILEGES_SET}; replied with {@link
 * UserPrivilegesSet}.
 */
public record SetUserPrivileges(String roomId, String userId, boolean publish) {}
