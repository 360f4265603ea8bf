package io.liveroom.infra.contracts;

/**
 * Tells the gateway holding {@code sessionId} (the publisher of {@code streamId}) that the server
 * muted or unmuted one of the stream's tracks. Sent to {@link
 * Addresses#gatewaySessionControl(String)}.
 */
public record TrackMuteChanged(
    String sessionId, String roomId, String streamId, String kind, boolean muted)
    implements GatewayCommand {
  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.trackMuteChanged(this);
  }
}
