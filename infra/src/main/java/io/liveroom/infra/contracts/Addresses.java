package io.liveroom.infra.contracts;

/**
 * Every event-bus address of the system. Lowercase {@code service.entity.verb}: commands are
 * imperative, events past tense. Addresses scoped to one room or one node append its id.
 */
public final class Addresses {
  /** {@link LoginRoom} -> {@link LoginReply}. */
  public static final String ROOM_LOGIN = "room.member.login";
  /** {@link LogoutRoom} -> {@link LogoutReply}. */
  public static final String ROOM_LOGOUT = "room.member.logout";

  private static final String ROOM_EVENTS = "room.event.published.";
  private static final String GATEWAY_SESSION_CONTROL = "gateway.session.control.";

  private Addresses() {}

  /** Published events of one room ({@link RoomUserUpdated}, ...); gateways with members there listen. */
  public static String roomEvents(String roomId) {
    return ROOM_EVENTS + roomId;
  }

  /** Commands for the sessions of one gateway node ({@link KickSession}). */
  public static String gatewaySessionControl(String gatewayId) {
    return GATEWAY_SESSION_CONTROL + gatewayId;
  }
}
