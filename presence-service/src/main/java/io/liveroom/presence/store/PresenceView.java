package io.liveroom.presence.store;

import io.liveroom.infra.contracts.GatewayLease;
import io.liveroom.infra.contracts.OnlineSummary;
import io.liveroom.infra.contracts.RoomCount;
import io.liveroom.infra.contracts.RoomPresence;
import io.liveroom.infra.contracts.UserLocation;
import io.liveroom.infra.contracts.UserPresence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The aggregate of a set of gateway reports: per room, sessions add up over gateways while a user
 * counts once however many gateways and sessions hold it. Immutable; the sorted room list and the
 * per-user index are built on first use.
 */
public final class PresenceView {
  /** Most users first, then most sessions, then roomId. */
  public static final Comparator<RoomCount> BY_POPULATION =
      Comparator.comparingInt(RoomCount::users)
          .reversed()
          .thenComparing(Comparator.comparingInt(RoomCount::sessions).reversed())
          .thenComparing(RoomCount::roomId);

  private final List<GatewayLease> leases;
  private final Map<String, RoomCount> rooms;
  private final int totalSessions;
  private final int distinctUsers;
  private List<RoomCount> ranked;
  private Map<String, List<UserLocation>> locations;

  private PresenceView(
      List<GatewayLease> leases,
      Map<String, RoomCount> rooms,
      int totalSessions,
      int distinctUsers) {
    this.leases = leases;
    this.rooms = rooms;
    this.totalSessions = totalSessions;
    this.distinctUsers = distinctUsers;
  }

  public static PresenceView of(Collection<GatewayLease> leases) {
    Map<String, int[]> sessions = new HashMap<>();
    Map<String, Set<String>> users = new HashMap<>();
    Set<String> everyone = new HashSet<>();
    int total = 0;
    for (GatewayLease lease : leases) {
      for (RoomPresence room : lease.rooms()) {
        if (room.sessions() <= 0 && room.userIds().isEmpty()) {
          continue;
        }
        sessions.computeIfAbsent(room.roomId(), k -> new int[1])[0] += Math.max(0, room.sessions());
        users.computeIfAbsent(room.roomId(), k -> new HashSet<>()).addAll(room.userIds());
        everyone.addAll(room.userIds());
        total += Math.max(0, room.sessions());
      }
    }
    Map<String, RoomCount> rooms = new HashMap<>();
    sessions.forEach(
        (roomId, n) -> rooms.put(roomId, new RoomCount(roomId, n[0], users.get(roomId).size())));
    return new PresenceView(List.copyOf(leases), Map.copyOf(rooms), total, everyone.size());
  }

  public static PresenceView empty() {
    return of(List.of());
  }

  /** The counts of one room; 0 and 0 when nobody is there. */
  public RoomCount room(String roomId) {
    RoomCount count = rooms.get(roomId);
    return count == null ? new RoomCount(roomId, 0, 0) : count;
  }

  /** Totals and the {@code topN} most populated rooms ({@link #BY_POPULATION}). */
  public OnlineSummary summary(int topN) {
    List<RoomCount> all = ranked();
    return new OnlineSummary(
        totalSessions,
        distinctUsers,
        rooms.size(),
        all.subList(0, Math.min(Math.max(0, topN), all.size())));
  }

  /** Where a user is online, sorted by room then gateway. */
  public UserPresence user(String userId) {
    List<UserLocation> where = locations().getOrDefault(userId, List.of());
    return new UserPresence(userId, !where.isEmpty(), where);
  }

  /** Distinct users per occupied room: what count pushes carry. */
  public Map<String, Integer> onlineCounts() {
    Map<String, Integer> out = new HashMap<>();
    rooms.forEach((roomId, count) -> out.put(roomId, count.users()));
    return out;
  }

  public int totalSessions() {
    return totalSessions;
  }

  public int distinctUsers() {
    return distinctUsers;
  }

  public List<GatewayLease> leases() {
    return leases;
  }

  private synchronized List<RoomCount> ranked() {
    if (ranked == null) {
      List<RoomCount> all = new ArrayList<>(rooms.values());
      all.sort(BY_POPULATION);
      ranked = List.copyOf(all);
    }
    return ranked;
  }

  private synchronized Map<String, List<UserLocation>> locations() {
    if (locations == null) {
      Map<String, Set<UserLocation>> index = new HashMap<>();
      for (GatewayLease lease : leases) {
        for (RoomPresence room : lease.rooms()) {
          for (String userId : room.userIds()) {
            index
                .computeIfAbsent(userId, k -> new HashSet<>())
                .add(new UserLocation(room.roomId(), lease.gatewayId()));
          }
        }
      }
      Comparator<UserLocation> order =
          Comparator.comparing(UserLocation::roomId).thenComparing(UserLocation::gatewayId);
      Map<String, List<UserLocation>> sorted = new HashMap<>();
      index.forEach((userId, where) -> sorted.put(userId, where.stream().sorted(order).toList()));
      locations = sorted;
    }
    return locations;
  }
}
