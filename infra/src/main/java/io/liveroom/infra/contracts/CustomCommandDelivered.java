package io.liveroom.infra.contracts;

/**
 * A custom command for one session of a gateway (ZEGO's IMRecvCustomCommand). Sent to {@link
 * Addresses#gatewaySessionControl(String)} of the gateway holding {@code sessionId}.
 */
public record CustomCommandDelivered(
    String sessionId, String roomId, RoomUser fromUser, String command) implements GatewayCommand {
  @Override
  public <R> R accept(GatewayCommand.Handler<R> handler) {
    return handler.customCommand(this);
  }
}
