package io.liveroom.gateway;

import io.liveroom.gateway.requests.ChatRequests;
import io.liveroom.gateway.requests.RoomRequests;
import io.liveroom.gateway.session.ServerCommands;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.session.SessionLifecycle;
import io.liveroom.gateway.session.SessionRegistry;
import io.liveroom.infra.contracts.CustomCommandDelivered;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.GatewayCommand;
import io.liveroom.infra.contracts.GatewayPing;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.PrivilegesChanged;
import io.liveroom.infra.contracts.SessionTakenOver;
import io.liveroom.infra.contracts.SignalDelivered;
import io.liveroom.infra.contracts.StreamStopped;
import io.liveroom.infra.contracts.TrackMuteChanged;
import io.vertx.core.eventbus.Message;

/**
 * Commands sent to this gateway ({@link GatewayCommand} on its session-control address), each
 * handed to the class that owns what it is about. A command for a session no longer here is dropped
 * (it left or moved); anything that is not a {@link GatewayCommand} is logged and, when a reply is
 * expected, refused.
 */
final class GatewayControl implements GatewayCommand.Handler<Object> {
  private static final System.Logger LOG = System.getLogger(GatewayControl.class.getName());
  private final SessionRegistry sessions;
  private final RoomRequests rooms;
  private final ChatRequests chat;
  private final SessionLifecycle lifecycle;

  private final ServerCommands server;

  GatewayControl(
      SessionRegistry sessions,
      RoomRequests rooms,
      ChatRequests chat,
      SessionLifecycle lifecycle,
      ServerCommands server) {
    this.sessions = sessions;
    this.server = server;
    this.rooms = rooms;
    this.chat = chat;
    this.lifecycle = lifecycle;
  }

  /**
   * Dispatches one message; replies with what the command's handler returns (a ping's echo), if
   * anything.
   */
  void handle(Message<Object> message) {
    if (message.body() instanceof GatewayCommand command) {
      Object reply = command.accept(this);
      if (reply != null) {
        message.reply(reply);
      }
      return;
    }
    String type = message.body() == null ? "null" : message.body().getClass().getName();
    LOG.log(
        System.Logger.Level.WARNING,
        "ignored a session-control message that is not a GatewayCommand: " + type);
    if (message.replyAddress() != null) {
      message.fail(ErrorCode.BAD_REQUEST.code(), "not a gateway command: " + type);
    }
  }

  @Override
  public Object ping(GatewayPing ping) {
    return ping;
  }

  @Override
  public Object kick(KickSession kick) {
    Session session = sessions.get(kick.sessionId());
    if (session != null) {
      rooms.kicked(session, kick);
    }
    return null;
  }

  @Override
  public Object signal(SignalDelivered signal) {
    Session session = sessions.get(signal.sessionId());
    if (session != null) {
      rooms.signal(session, signal);
    }
    return null;
  }

  @Override
  public Object customCommand(CustomCommandDelivered command) {
    Session session = sessions.get(command.sessionId());
    if (session != null) {
      chat.deliver(session, command);
    }
    return null;
  }

  @Override
  public Object takenOver(SessionTakenOver takeOver) {
    lifecycle.takenOver(takeOver);
    return null;
  }

  @Override
  public Object streamStopped(StreamStopped stopped) {
    server.streamStopped(stopped);
    return null;
  }

  @Override
  public Object privilegesChanged(PrivilegesChanged changed) {
    server.privilegesChanged(changed);
    return null;
  }

  @Override
  public Object trackMuteChanged(TrackMuteChanged mute) {
    server.trackMuteChanged(mute);
    return null;
  }
}
