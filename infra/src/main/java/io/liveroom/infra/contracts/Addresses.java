package io.liveroom.infra.contracts;

/**
 * Every event-bus address of the system. Lowercase {@code service.entity.verb}: commands are
 * imperative, events past tense. Addresses scoped to one room or one node append its id.
 */
public final class Addresses {
  /** {@link LoginRoom} -> {@link LoginReply}. */
  public static final String ROOM_LOGIN = "room.member.login";
  /** {@link LogoutRoom} -> {@link LogoutReply}. */
  public static final String ROOM_LOGOUT = "room.member.logout";
  /** {@link ResumeSession} -> {@link ResumeReply}. */
  public static final String ROOM_SESSION_RESUME = "room.session.resume";
  /** {@link KickUsers} -> {@link KickResult}. */
  public static final String ROOM_MEMBER_KICK = "room.member.kick";
  /** {@link ListRooms} -> {@link RoomPage}. */
  public static final String ROOM_LIST = "room.room.list";
  /** {@link ListUsers} -> {@link UserPage}. */
  public static final String ROOM_MEMBER_LIST = "room.member.list";
  /** {@link SetRoomExtraInfo} -> {@link RoomExtraInfoSet}. */
  public static final String ROOM_EXTRA_INFO_SET = "room.extrainfo.set";
  /** {@link RelaySignal} -> {@link RelayResult}. */
  public static final String ROOM_SIGNAL_RELAY = "room.signal.relay";
  /** {@link PublishStream} -> {@link StreamAck}. */
  public static final String ROOM_STREAM_PUBLISH = "room.stream.publish";
  /** {@link UnpublishStream} -> {@link StreamAck}. */
  public static final String ROOM_STREAM_UNPUBLISH = "room.stream.unpublish";
  /** {@link LocateStream} -> {@link StreamLocation}. */
  public static final String ROOM_STREAM_LOCATE = "room.stream.locate";
  /** {@link SetStreamExtraInfo} -> {@link StreamAck}. */
  public static final String ROOM_STREAM_EXTRA_INFO_SET = "room.stream.extrainfo";
  /** {@link OpenMediaSession} -> {@link MediaSessionOpened}. */
  public static final String ROOM_MEDIA_SESSION_OPEN = "room.mediasession.open";
  /** {@link EndMediaSession} -> {@link LogoutReply}. */
  public static final String ROOM_MEDIA_SESSION_END = "room.mediasession.end";

  /**
   * {@link RestoreGateway} -> {@link RestoreReport}: a gateway re-asserts its members and streams
   * after the store lost them.
   */
  public static final String ROOM_GATEWAY_RESTORE = "room.gateway.restore";

  /** {@link StoreReset}, published locally on each node whose store check found the store's state lost. */
  public static final String STORE_RESET = "store.epoch.reset";

  // chat-service
  public static final String CHAT_BROADCAST_SEND = "chat.broadcast.send";
  public static final String CHAT_BARRAGE_SEND = "chat.barrage.send";
  public static final String CHAT_COMMAND_SEND = "chat.command.send";
  public static final String CHAT_MESSAGES_GET = "chat.message.list";

  // presence-service
  public static final String PRESENCE_LEASE_REPORT = "presence.lease.report";
  public static final String PRESENCE_ROOM_COUNT_GET = "presence.room.count";
  public static final String PRESENCE_ONLINE_GET = "presence.online.summary";
  public static final String PRESENCE_USER_GET = "presence.user.lookup";
  /** Published once per dead gateway (its lease expired): room-service evicts the members it held. */
  public static final String PRESENCE_GATEWAY_EXPIRED = "presence.gateway.expired";

  // media-node
  /** {@link MediaPeerUpdated}, published by every media node; room-service and gateways listen. */
  public static final String MEDIA_PEER_UPDATED = "media.peer.updated";
  /** {@link RoomMediaMoved}, published by room-service when a room leaves a lost or drained node; gateways listen. */
  public static final String ROOM_MEDIA_MOVED = "room.media.moved";
  /** {@link MediaNodesQuery} -> {@link MediaNodeList}: the registry with each node's rooms (room-service). */
  public static final String ROOM_MEDIA_NODES = "room.media.nodes";
  /** {@link RoomDetailQuery} -> {@link RoomDetail}: one room with its media node (room-service). */
  public static final String ROOM_DETAIL = "room.room.detail";
  private static final String MEDIA_PUBLISH = "media.peer.publish.";
  private static final String MEDIA_PLAY = "media.peer.play.";
  private static final String MEDIA_STOP = "media.peer.stop.";
  private static final String MEDIA_STATS = "media.stream.stats.";
  private static final String MEDIA_TAP = "media.stream.tap.";
  private static final String MEDIA_UNTAP = "media.stream.untap.";
  private static final String EGRESS_START = "egress.job.start.";
  private static final String EGRESS_STOP = "egress.job.stop.";

  private static final String ROOM_EVENTS = "room.event.published.";
  private static final String GATEWAY_SESSION_CONTROL = "gateway.session.control.";

  /** The prefixes of addresses that end in an id (a room, a gateway, a media node). */
  public static final java.util.List<String> WITH_ID_SUFFIX = java.util.List.of(ROOM_EVENTS, GATEWAY_SESSION_CONTROL,
      MEDIA_PUBLISH, MEDIA_PLAY, MEDIA_STOP, MEDIA_STATS, MEDIA_TAP, MEDIA_UNTAP, EGRESS_START, EGRESS_STOP);

  private Addresses() {}

  /**
   * The address as a metric label of bounded cardinality: an address ending in an id becomes its
   * prefix with {@code *} ({@code room.event.published.*}), Vert.x reply addresses {@code __vertx.reply},
   * any other address is itself (the constants above).
   */
  public static String metricName(String address) {
    for (String prefix : WITH_ID_SUFFIX) {
      if (address.startsWith(prefix)) {
        return prefix + "*";
      }
    }
    return address.startsWith("__vertx.reply.") ? "__vertx.reply" : address;
  }

  /** Published events of one room ({@link RoomUserUpdated}, ...); gateways with members there listen. */
  public static String roomEvents(String roomId) {
    return ROOM_EVENTS + roomId;
  }

  /** Commands for the sessions of one gateway node ({@link KickSession}). */
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

  /** {@link MediaStatsQuery} -> {@link MediaStats}, served by media node {@code nodeId}. */
  public static String mediaStats(String nodeId) {
    return MEDIA_STATS + nodeId;
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
}
