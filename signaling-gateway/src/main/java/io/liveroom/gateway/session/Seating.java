package io.liveroom.gateway.session;

import io.liveroom.gateway.fanout.RoomFanout;

/**
 * What every part that puts sessions into rooms or takes them out works with: the registry that
 * owns the sessions and their seats, the rooms' fan-out it keeps in step, and the leaves not yet
 * announced to room-service.
 */
public record Seating(SessionRegistry sessions, RoomFanout fanout, PendingLeaves leaves) {}
