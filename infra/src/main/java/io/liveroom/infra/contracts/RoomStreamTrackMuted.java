package io.liveroom.infra.contracts;

/**
 * Published to a room when the server muted or unmuted a track of one of its streams, so players'
 * UIs can show it ({@code roomStreamTrackUpdate} push).
 */
public record RoomStreamTrackMuted(
    String roomId, String streamId, String userId, String kind, boolean muted)
    implements RoomEvent {
  @Override
  public <R> R accept(Handler<R> handler) {
    return handler.streamTrackMuted(this);
  }
}
