package io.liveroom.infra.contracts;

import java.util.List;

/**
 * Every event-bus address of the system. Lowercase {@code service.entity.verb}: commands are
 * imperative, events past tense. Addresses scoped to one room or one node append its id: a method
 * appends it to a private prefix. What an address carries is its {@link Carries} annotation (a
 * method's, its prefix's); the comments add only what the annotation cannot say.
 */
public final class Addresses {
  // room-service
  @Carries(request = LoginRoom.class, reply = LoginReply.class)
  public static final String ROOM_LOGIN = "room.member.login";

  @Carries(request = LogoutRoom.class, reply = LogoutReply.class)
  public static final String ROOM_LOGOUT = "room.member.logout";

  @Carries(request = ResumeSession.class, reply = ResumeReply.class)
  public static final String ROOM_SESSION_RESUME = "room.session.resume";

  @Carries(request = KickUsers.class, reply = KickResult.class)
  public static final String ROOM_MEMBER_KICK = "room.member.kick";

  @Carries(request = ListRooms.class, reply = RoomPage.class)
  public static final String ROOM_LIST = "room.room.list";

  @Carries(request = ListUsers.class, reply = UserPage.class)
  public static final String ROOM_MEMBER_LIST = "room.member.list";

  @Carries(request = SetRoomExtraInfo.class, reply = RoomExtraInfoSet.class)
  public static final String ROOM_EXTRA_INFO_SET = "room.extrainfo.set";

  @Carries(request = RelaySignal.class, reply = RelayResult.class)
  public static final String ROOM_SIGNAL_RELAY = "room.signal.relay";

  @Carries(request = PublishStream.class, reply = StreamAck.class)
  public static final String ROOM_STREAM_PUBLISH = "room.stream.publish";

  @Carries(request = UnpublishStream.class, reply = StreamAck.class)
  public static final String ROOM_STREAM_UNPUBLISH = "room.stream.unpublish";

  @Carries(request = LocateStream.class, reply = StreamLocation.class)
  public static final String ROOM_STREAM_LOCATE = "room.stream.locate";

  @Carries(request = RoomCascadeQuery.class, reply = RoomCascade.class)
  public static final String ROOM_CASCADE = "room.room.cascade";

  @Carries(request = PlacePlayer.class, reply = StreamLocation.class)
  public static final String ROOM_PLAYER_PLACE = "room.player.place";

  @Carries(request = SetStreamExtraInfo.class, reply = StreamAck.class)
  public static final String ROOM_STREAM_EXTRA_INFO_SET = "room.streamextrainfo.set";

  /**
   * Request {@link CloseRoom} -> reply {@link RoomClosed}: the admin API closes a room (every
   * member kicked).
   */
  @Carries(request = CloseRoom.class, reply = RoomClosed.class)
  public static final String ROOM_CLOSE = "room.room.close";

  /** Request {@link RemoveStream} -> reply {@link StreamAck}: the admin API stops a stream. */
  @Carries(request = RemoveStream.class, reply = StreamAck.class)
  public static final String ROOM_STREAM_REMOVE = "room.stream.remove";

  /**
   * Request {@link SetUserPrivileges} -> reply {@link UserPrivilegesSet}: the admin API changes a
   * member's privileges.
   */
  @Carries(request = SetUserPrivileges.class, reply = UserPrivilegesSet.class)
  public static final String ROOM_MEMBER_PRIVILEGES_SET = "room.privileges.set";

  /**
   * Request {@link MuteTrack} -> reply {@link TrackMuted}: the admin API mutes (or unmutes) a
   * published track.
   */
  @Carries(request = MuteTrack.class, reply = TrackMuted.class)
  public static final String ROOM_STREAM_TRACK_MUTE = "room.stream.mute";

  @Carries(request = OpenMediaSession.class, reply = MediaSessionOpened.class)
  public static final String ROOM_MEDIA_SESSION_OPEN = "room.mediasession.open";

  @Carries(request = EndMediaSession.class, reply = LogoutReply.class)
  public static final String ROOM_MEDIA_SESSION_END = "room.mediasession.end";

  /**
   * Request {@link RestoreGateway} -> reply {@link RestoreReport}: a gateway re-asserts its members
   * and streams after the store lost them.
   */
  @Carries(request = RestoreGateway.class, reply = RestoreReport.class)
  public static final String ROOM_GATEWAY_RESTORE = "room.gateway.restore";

  /** Publish {@link RoomMediaMoved}: a room left a lost or drained media node; gateways listen. */
  @Carries(publish = RoomMediaMoved.class)
  public static final String ROOM_MEDIA_MOVED = "room.media.moved";

  /**
   * Request {@link MediaNodesQuery} -> reply {@link MediaNodeList}: the registry with each node's
   * rooms.
   */
  @Carries(request = MediaNodesQuery.class, reply = MediaNodeList.class)
  public static final String ROOM_MEDIA_NODES = "room.media.nodes";

  /** Request {@link RoomDetailQuery} -> reply {@link RoomDetail}: one room with its media node. */
  @Carries(request = RoomDetailQuery.class, reply = RoomDetail.class)
  public static final String ROOM_DETAIL = "room.room.detail";

  /**
   * Publish {@link StoreReset}, locally on each node whose store check found the store's state
   * lost.
   */
  @Carries(publish = StoreReset.class)
  public static final String STORE_RESET = "store.epoch.reset";

  // chat-service
  @Carries(request = SendBroadcast.class, reply = BroadcastSent.class)
  public static final String CHAT_BROADCAST_SEND = "chat.broadcast.send";

  @Carries(request = SendBarrage.class, reply = BarrageSent.class)
  public static final String CHAT_BARRAGE_SEND = "chat.barrage.send";

  @Carries(request = SendCustomCommand.class, reply = CustomCommandSent.class)
  public static final String CHAT_COMMAND_SEND = "chat.command.send";

  /**
   * Request {@link GetMessages} -> reply {@link MessagesPage}: a page of a room's broadcast
   * history.
   */
  @Carries(request = GetMessages.class, reply = MessagesPage.class)
  public static final String CHAT_MESSAGE_LIST = "chat.message.list";

  // presence-service
  /** Request {@link GatewayLease} -> reply {@link LeaseAck}: a gateway's full presence report. */
  @Carries(request = GatewayLease.class, reply = LeaseAck.class)
  public static final String PRESENCE_LEASE_REPORT = "presence.lease.report";

  @Carries(request = RoomCountQuery.class, reply = RoomCount.class)
  public static final String PRESENCE_ROOM_COUNT_GET = "presence.room.count";

  @Carries(request = OnlineQuery.class, reply = OnlineSummary.class)
  public static final String PRESENCE_ONLINE_GET = "presence.online.summary";

  @Carries(request = UserPresenceQuery.class, reply = UserPresence.class)
  public static final String PRESENCE_USER_GET = "presence.user.lookup";

  /**
   * Publish {@link GatewayExpired}, once per dead gateway (its lease expired): room-service evicts
   * its members.
   */
  @Carries(publish = GatewayExpired.class)
  public static final String PRESENCE_GATEWAY_EXPIRED = "presence.gateway.expired";

  // media-node
  /** Publish {@link MediaPeerUpdated}, by every media node; room-service and gateways listen. */
  @Carries(publish = MediaPeerUpdated.class)
  public static final String MEDIA_PEER_UPDATED = "media.peer.updated";

  /**
   * Publish {@link MediaAudioLevels}, by every media node at most every {@code
   * media.audioLevelIntervalMs}; gateways listen.
   */
  @Carries(publish = MediaAudioLevels.class)
  public static final String MEDIA_AUDIO_LEVELS = "media.audio.levels";

  @Carries(request = MediaPublish.class, reply = MediaAnswer.class)
  private static final String MEDIA_PUBLISH = "media.peer.publish.";

  @Carries(request = MediaPlay.class, reply = MediaAnswer.class)
  private static final String MEDIA_PLAY = "media.peer.play.";

  @Carries(request = MediaStop.class, reply = MediaStopped.class)
  private static final String MEDIA_STOP = "media.peer.stop.";

  @Carries(request = MediaStatsQuery.class, reply = MediaStats.class)
  private static final String MEDIA_STATS = "media.stream.stats.";

  @Carries(request = MediaRestartIce.class, reply = MediaAnswer.class)
  private static final String MEDIA_RESTART_ICE = "media.peer.restart.";

  @Carries(request = MediaTap.class, reply = MediaTapInfo.class)
  private static final String MEDIA_TAP = "media.stream.tap.";

  @Carries(request = MediaUntap.class, reply = MediaStopped.class)
  private static final String MEDIA_UNTAP = "media.stream.untap.";

  @Carries(request = MediaRelayAttach.class, reply = MediaRelayAttached.class)
  private static final String MEDIA_RELAY_ATTACH = "media.relay.attach.";

  @Carries(request = MediaRelayOpen.class, reply = MediaRelayOpened.class)
  private static final String MEDIA_RELAY_OPEN = "media.relay.open.";

  @Carries(request = EgressStart.class, reply = EgressJobInfo.class)
  private static final String EGRESS_START = "egress.job.start.";

  @Carries(request = EgressStop.class, reply = EgressJobInfo.class)
  private static final String EGRESS_STOP = "egress.job.stop.";

  @Carries(request = EgressMixStart.class, reply = EgressJobInfo.class)
  private static final String EGRESS_MIX = "egress.mix.start.";

  // addresses of one room or one gateway
  @Carries(publish = RoomEvent.class)
  private static final String ROOM_EVENTS = "room.event.published.";

  @Carries(send = GatewayCommand.class)
  private static final String GATEWAY_SESSION_CONTROL = "gateway.session.control.";

  /** The prefixes of addresses that end in an id (a room, a gateway, a media node). */
  public static final List<String> WITH_ID_SUFFIX =
      List.of(
          ROOM_EVENTS,
          GATEWAY_SESSION_CONTROL,
          MEDIA_PUBLISH,
          MEDIA_PLAY,
          MEDIA_STOP,
          MEDIA_STATS,
          MEDIA_RESTART_ICE,
          MEDIA_TAP,
          MEDIA_UNTAP,
          MEDIA_RELAY_ATTACH,
          MEDIA_RELAY_OPEN,
          EGRESS_START,
          EGRESS_STOP);

  private Addresses() {}

  /**
   * The address as a metric label of bounded cardinality: an address ending in an id becomes its
   * prefix with {@code *} ({@code room.event.published.*}), Vert.x reply addresses {@code
   * __vertx.reply}, any other address is itself (the constants above).
   */
  public static String metricName(String address) {
    for (String prefix : WITH_ID_SUFFIX) {
      if (address.startsWith(prefix)) {
        return prefix + "*";
      }
    }
    return address.startsWith("__vertx.reply.") ? "__vertx.reply" : address;
  }

  /** Publish {@link RoomEvent}: the events of one room; gateways with members there listen. */
  public static String roomEvents(String roomId) {
    return ROOM_EVENTS + roomId;
  }

  /**
   * Send {@link GatewayCommand}: commands for the sessions of one gateway node ({@link
   * KickSession}, ...); a {@link GatewayPing} is a request answered with the same record.
   */
  public static String gatewaySessionControl(String gatewayId) {
    return GATEWAY_SESSION_CONTROL + gatewayId;
  }

  /** {@link MediaPublish} -> {@link MediaAnswer}, served by media node {@code nodeId}. */
  public static String mediaPublish(String nodeId) {
    return MEDIA_PUBLISH + nodeId;
  }

  /** {@link MediaPlay} -> {@link MediaAnswer}, served by media node {@code nodeId}. */
  public static String mediaPlay(String nodeId) {
    return MEDIA_PLAY + nodeId;
  }

  /** {@link MediaStop} -> {@link MediaStopped}, served by media node {@code nodeId}. */
  public static String mediaStop(String nodeId) {
    return MEDIA_STOP + nodeId;
  }

  /** {@link MediaRestartIce} -> {@link MediaAnswer}, served by media node {@code nodeId}. */
  public static String mediaRestartIce(String nodeId) {
    return MEDIA_RESTART_ICE + nodeId;
  }

  /** {@link MediaStatsQuery} -> {@link MediaStats}, served by media node {@code nodeId}. */
  public static String mediaStats(String nodeId) {
    return MEDIA_STATS + nodeId;
  }

  /**
   * {@link MediaRelayAttach} -> {@link MediaRelayAttached}, served by media node {@code nodeId}.
   */
  public static String mediaRelayAttach(String nodeId) {
    return MEDIA_RELAY_ATTACH + nodeId;
  }

  /** {@link MediaRelayOpen} -> {@link MediaRelayOpened}, served by media node {@code nodeId}. */
  public static String mediaRelayOpen(String nodeId) {
    return MEDIA_RELAY_OPEN + nodeId;
  }

  /** {@link MediaTap} -> {@link MediaTapInfo}, served by media node {@code nodeId}. */
  public static String mediaTap(String nodeId) {
    return MEDIA_TAP + nodeId;
  }

  /** {@link MediaUntap} -> {@link MediaStopped}, served by media node {@code nodeId}. */
  public static String mediaUntap(String nodeId) {
    return MEDIA_UNTAP + nodeId;
  }

  /** {@link EgressStart} -> {@link EgressJobInfo}, served by egress node {@code nodeId}. */
  public static String egressStart(String nodeId) {
    return EGRESS_START + nodeId;
  }

  /** {@link EgressStop} -> {@link EgressJobInfo}, served by egress node {@code nodeId}. */
  public static String egressStop(String nodeId) {
    return EGRESS_STOP + nodeId;
  }

  /** {@link EgressMixStart} -> {@link EgressJobInfo}, served by egress node {@code nodeId}. */
  public static String egressMix(String nodeId) {
    return EGRESS_MIX + nodeId;
  }
}
