package io.liveroom.room;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.KickSession;
import io.liveroom.infra.contracts.LoginReply;
import io.liveroom.infra.contracts.LoginRoom;
import io.liveroom.infra.contracts.LogoutReply;
import io.liveroom.infra.contracts.LogoutRoom;
import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.store.JoinResult;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.MembershipStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/** The authority on room membership: admission, capacity, duplicate logins, leaving. */
public final class RoomService {
  private final MembershipStore members;
  private final RoomEvents events;
  private final RoomConfig config;
  private final Clock clock;

  public RoomService(MembershipStore members, RoomEvents events, RoomConfig config, Clock clock) {
    this.members = members;
    this.events = events;
    this.config = config;
    this.clock = clock;
  }

  public Future<LoginReply> login(LoginRoom login) {
    Member member = new Member(login.roomId(), login.userId(), login.userName(), login.sessionId(),
        login.gatewayId(), clock.millis());
    int cap = login.maxMemberCount() > 0 ? login.maxMemberCount() : config.defaultMaxMembers();
    return members.join(member, cap)
        .compose(result -> admitted(member, result))
        .compose(v -> members.members(login.roomId()))
        .map(all -> new LoginReply(login.roomId(), others(all, login.userId())));
  }

  private Future<Void> admitted(Member member, JoinResult result) {
    switch (result.outcome()) {
      case FULL:
        return Future.failedFuture(ErrorCode.ROOM_FULL.exception("room " + member.roomId() + " is full"));
      case REPLACED:
        Member previous = result.previous();
        if (!previous.sessionId().equals(member.sessionId())) {
          events.kick(previous.gatewayId(), new KickSession(previous.sessionId(), member.roomId(), member.userId(),
              ErrorCode.KICKED_DUPLICATE_LOGIN.code(), ErrorCode.KICKED_DUPLICATE_LOGIN.message()));
        }
        return Future.succeededFuture();
      default:
        events.publish(member.roomId(), new RoomUserUpdated(member.roomId(), UpdateType.ADD,
            List.of(new RoomUser(member.userId(), member.userName())), member.sessionId()));
        return Future.succeededFuture();
    }
  }

  public Future<LogoutReply> logout(LogoutRoom logout) {
    return members.leave(logout.roomId(), logout.userId(), logout.sessionId()).map(removed -> {
      if (removed != null) {
        events.publish(logout.roomId(), new RoomUserUpdated(logout.roomId(), UpdateType.DELETE,
            List.of(new RoomUser(removed.userId(), removed.userName())), logout.sessionId()));
      }
      return new LogoutReply(logout.roomId(), removed != null);
    });
  }

  private static List<RoomUser> others(List<Member> all, String self) {
    return all.stream().filter(m -> !m.userId().equals(self)).map(m -> new RoomUser(m.userId(), m.userName())).toList();
  }
}
