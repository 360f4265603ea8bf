package io.liveroom.infra.contracts;

/**
 * Asks a gateway whether it is alive (sent to its session-control address; it replies with the same
 * record). Room-service asks before evicting the members of a gateway whose presence lease lapsed:
 * a gateway that answers was only slow, not dead.
 */
public record GatewayPing(String gatewayId) implements GatewayCommand {
  @Override
  public <R> R accept(GatewayCommand.Handler<R> handler) {
    return handler.ping(this);
  }
}
