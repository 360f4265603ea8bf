package io.liveroom.infra.contracts;

/**
 * The barrage message was accepted into the room's next batch: its id (per node) and server time.
 */
public record BarrageSent(String roomId, long messageId, long sendTime) {}
