package io.liveroom.infra.contracts;

/**
 * Everything sent to one gateway's session-control address ({@link
 * Addresses#gatewaySessionControl(String)}). The gateway dispatches with {@link #accept}: a new
 * command is a new record here, in {@code permits} and in {@link Handler}, and the gateway stops
 * compiling until it handles it.
 */
public sealed interface GatewayCommand
    permits GatewayPing,
        KickSession,
        SignalDelivered,
        CustomCommandDelivered,
        SessionTakenOver,
        StreamStopped,
        PrivilegesChanged,
        TrackMuteChanged {
  /** Calls the handler's method for this command's type. */
  <R> R accept(Handler<R> handler);

  /** One method per gateway command type. */
  interface Handler<R> {
    R ping(GatewayPing ping);

    R kick(KickSession kick);

    R signal(SignalDelivered signal);

    R customCommand(CustomCommandDelivered command);

    R takenOver(SessionTakenOver takeOver);

    R streamStopped(StreamStopped stopped);

    R privilegesChanged(PrivilegesChanged changed);

    R trackMuteChanged(TrackMuteChanged mute);
  }
}
