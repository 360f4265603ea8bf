package io.liveroom.infra.contracts;

/** A relayed p2p signal for one session; sent to that session's gateway. */
public record SignalDelivered(
    String sessionId, String roomId, String fromUserId, String kind, String payload)
    implements GatewayCommand {
  @Override
  public <R> R accept(GatewayCommand.Handler<R> handler) {
    return handler.signal(this);
  }
}
