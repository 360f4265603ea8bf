package io.liveroom.infra.contracts;

/** A parked session was resumed on another gateway: the one that parked it forgets it. */
public record SessionTakenOver(String sessionId, String byGatewayId) implements GatewayCommand {
  @Override
  public <R> R accept(GatewayCommand.Handler<R> handler) {
    return handler.takenOver(this);
  }
}
