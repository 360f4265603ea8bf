package io.liveroom.presence;

import static io.liveroom.presence.store.LeaseStoreContract.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.LeaseAck;
import io.liveroom.infra.contracts.OnlineQuery;
import io.liveroom.infra.contracts.OnlineSummary;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.RoomCountQuery;
import io.liveroom.infra.contracts.RoomPresence;
import io.liveroom.infra.contracts.UserLocation;
import io.liveroom.infra.contracts.UserPresence;
import io.liveroom.infra.contracts.UserPresenceQuery;
import io.liveroom.presence.store.PresenceView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Sessions joining and leaving rooms on several gateways in random order, kept as each gateway
 * keeps them; the expected counts are computed here independently of the code under test.
 */
final class SessionSimulation {
  record Session(int id, String gatewayId, String roomId, String userId) {}

  private final Random random;
  private final int total;
  private final int gateways;
  private final int rooms;
  private final int users;
  private final List<Session> online = new ArrayList<>();
  private int joined;
  private int left;

  SessionSimulation(int total, int gateways, int rooms, int users, long seed) {
    this.random = new Random(seed);
    this.total = total;
    this.gateways = gateways;
    this.rooms = rooms;
    this.users = users;
  }

  /**
   * Up to {@code operations} random joins (70%) and leaves (30%); false once every session has
   * joined.
   */
  boolean step(int operations) {
    for (int i = 0; i < operations && joined < total; i++) {
      if (online.isEmpty() || random.nextInt(10) < 7) {
        online.add(
            new Session(
                joined++,
                "gw-" + random.nextInt(gateways),
                "room-" + random.nextInt(rooms),
                "user-" + random.nextInt(users)));
      } else {
        online.remove(random.nextInt(online.size()));
        left++;
      }
    }
    return joined < total;
  }

  /** Each gateway reports its full local state, as a gateway does every reportIntervalMs. */
  void reportAll(PresenceService presence) {
    for (int g = 0; g < gateways; g++) {
      String gatewayId = "gw-" + g;
      Map<String, Integer> sessions = new TreeMap<>();
      Map<String, Set<String>> userIds = new TreeMap<>();
      for (Session s : online) {
        if (s.gatewayId().equals(gatewayId)) {
          sessions.merge(s.roomId(), 1, Integer::sum);
          userIds.computeIfAbsent(s.roomId(), k -> new TreeSet<>()).add(s.userId());
        }
      }
      List<RoomPresence> report = new ArrayList<>();
      sessions.forEach(
          (roomId, n) -> report.add(new RoomPresence(roomId, n, List.copyOf(userIds.get(roomId)))));
      LeaseAck ack = await(presence.report(new GatewayLease(gatewayId, 60_000, report)));
      assertEquals(gatewayId, ack.gatewayId());
    }
  }

  /**
   * Every room's counts and the totals (and with {@code users}, every user's presence) are exact.
   */
  void assertExact(PresenceService presence, boolean everyUser) {
    List<RoomCount> expected = new ArrayList<>();
    Set<String> everyone = new HashSet<>();
    for (int r = 0; r < rooms; r++) {
      String roomId = "room-" + r;
      Set<String> in = new HashSet<>();
      int sessions = 0;
      for (Session s : online) {
        if (s.roomId().equals(roomId)) {
          sessions++;
          in.add(s.userId());
        }
      }
      everyone.addAll(in);
      RoomCount count = new RoomCount(roomId, sessions, in.size());
      assertEquals(
          count,
          await(presence.roomCount(new RoomCountQuery(roomId))),
          "after " + joined + " joins");
      if (sessions > 0) {
        expected.add(count);
      }
    }
    expected.sort(PresenceView.BY_POPULATION);
    OnlineSummary summary = await(presence.online(new OnlineQuery(rooms)));
    assertEquals(
        new OnlineSummary(online.size(), everyone.size(), expected.size(), expected), summary);
    if (everyUser) {
      for (int u = 0; u < users; u++) {
        String userId = "user-" + u;
        List<UserLocation> where =
            online.stream()
                .filter(s -> s.userId().equals(userId))
                .map(s -> new UserLocation(s.roomId(), s.gatewayId()))
                .distinct()
                .sorted(
                    Comparator.comparing(UserLocation::roomId)
                        .thenComparing(UserLocation::gatewayId))
                .toList();
        assertEquals(
            new UserPresence(userId, !where.isEmpty(), where),
            await(presence.user(new UserPresenceQuery(userId))));
      }
    }
  }

  int joined() {
    return joined;
  }

  int left() {
    return left;
  }

  int online() {
    return online.size();
  }
}
