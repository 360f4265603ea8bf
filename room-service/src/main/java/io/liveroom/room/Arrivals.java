package io.liveroom.room;

import io.liveroom.infra.contracts.RoomUser;
import io.liveroom.infra.contracts.RoomUserUpdated;
import io.liveroom.infra.contracts.UpdateType;
import io.liveroom.infra.store.Member;
import io.liveroom.infra.store.Stores;
import io.vertx.core.Future;
import java.util.List;

/** How the room sees a member arrive: the joined fact, and an ADD push below the large size. */
final class Arrivals {
  private Arrivals() {}

  /**
   * Records {@code member}'s join and pushes one ADD to the room unless it has more than {@code
   * largeRoomThreshold} members; yields the member count.
   */
  static Future<Integer> announce(
      Stores stores, RoomEvents events, int largeRoomThreshold, Member member) {
    return events
        .record(List.of(RoomFacts.joined(member)))
        .compose(r -> stores.membership().count(member.roomId()))
        .map(
            count -> {
              if (count <= largeRoomThreshold) {
                events.publish(
                    member.roomId(),
                    new RoomUserUpdated(
                        member.roomId(),
                        UpdateType.ADD,
                        List.of(new RoomUser(member.userId(), member.userName())),
                        member.sessionId()));
              }
              return count;
            });
  }
}
