package io.liveroom.infra.contracts;

/**
 * The server stops a stream of a room, whoever publishes it: the players get DELETE, the publisher
 * a {@link StreamStopped} and its media peer is closed. Sent to {@link
 * Addresses#ROOM_STREAM_REMOVE}; replied with {@link StreamAck}. {@code reason} null: the code's
 * message.
 */
public record RemoveStream(String roomId, String streamId, String reason) {}
