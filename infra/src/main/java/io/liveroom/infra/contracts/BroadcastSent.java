package io.liveroom.infra.contracts;

/**
 * The broadcast was stored and published: its sequence number ({@code messageId}) and server time.
 */
public record BroadcastSent(String roomId, long messageId, long sendTime) {}
