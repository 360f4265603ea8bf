package io.liveroom.infra.contracts;

/**
 * Tells a gateway that one of its sessions no longer belongs to a room (duplicate login, admin
 * kick). Sent to {@link Addresses#gatewaySessionControl(String)}.
 */
public record KickSession(
    String sessionId, String roomId, String userId, int errorCode, String reason)
    implements GatewayCommand {
  @Override
  public <R> R accept(GatewayCommand.Handler<R> handler) {
    return handler.kick(this);
  }
}
