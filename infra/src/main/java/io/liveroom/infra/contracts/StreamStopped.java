package io.liveroom.infra.contracts;

/**
 * Tells the gateway holding {@code sessionId} that the server removed one of its streams (admin
 * stop, or its publish privilege taken away): {@code errorCode} says which. Sent to {@link
 * Addresses#gatewaySessionControl(String)}.
 */
public record StreamStopped(
    String sessionId, String roomId, String streamId, int errorCode, String reason)
    implements GatewayCommand {
  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.streamStopped(this);
  }
}
