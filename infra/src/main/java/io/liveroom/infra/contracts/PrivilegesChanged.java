package io.liveroom.infra.contracts;

/**
 * Tells the gateway holding {@code sessionId} that the server changed the seat's publish privilege
 * in {@code roomId}. Sent to {@link Addresses#gatewaySessionControl(String)}.
 */
public record PrivilegesChanged(String sessionId, String roomId, String userId, boolean publish)
    implements GatewayCommand {
  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.privilegesChanged(this);
  }
}
