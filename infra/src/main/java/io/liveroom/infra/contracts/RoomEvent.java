package io.liveroom.infra.contracts;

/**
 * Everything the services publish on a room's event address ({@link Addresses#roomEvents(String)});
 * every gateway with members in the room receives it. Receivers dispatch with {@link #accept}: a
 * new event type is a new record here, in {@code permits} and in {@link Handler}, and every handler
 * that does not handle it stops compiling.
 */
public sealed interface RoomEvent
    permits RoomUserUpdated,
        RoomOnlineCountChanged,
        RoomStreamUpdated,
        RoomStreamExtraInfoUpdated,
        RoomStreamTrackMuted,
        RoomExtraInfoUpdated,
        BroadcastReceived,
        BarrageReceived {
  /** The room the event belongs to. */
  String roomId();

  /** Calls the handler's method for this event's type. */
  <R> R accept(Handler<R> handler);

  /** One method per room event type. */
  interface Handler<R> {
    R userUpdated(RoomUserUpdated event);

    R onlineCountChanged(RoomOnlineCountChanged event);

    R streamUpdated(RoomStreamUpdated event);

    R streamExtraInfoUpdated(RoomStreamExtraInfoUpdated event);

    R streamTrackMuted(RoomStreamTrackMuted event);

    R extraInfoUpdated(RoomExtraInfoUpdated event);

    R broadcastReceived(BroadcastReceived event);

    R barrageReceived(BarrageReceived event);
  }
}
