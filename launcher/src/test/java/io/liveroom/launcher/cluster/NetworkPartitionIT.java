package io.liveroom.launcher.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.testing.RedisProcess;
import io.liveroom.infra.testing.RedisServer;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A network partition between two gateways and the services heals without split-brain state in
 * Redis. Two network namespaces joined by one veth pair ({@link PartitionNet}): the services side
 * runs redis-server, the services JVM and gateway C; the other side runs gateways A and B, each
 * with clients logged in to rooms shared with C's clients. The link is cut (every packet dropped,
 * both ways) for longer than Hazelcast's failure detection and the presence lease:
 *
 * <ul>
 *   <li>during the cut, the services side keeps serving (C's broadcasts and logins), A's and B's
 *       users leave the rooms exactly once (C's clients see one DELETE each), the counts and the
 *       room members in Redis hold only the reachable users, and the cut-off gateways answer their
 *       clients' requests with an error instead of hanging; a cut-off user that logs in again
 *       through gateway C is admitted;
 *   <li>after the link heals, the two Hazelcast clusters merge, the cut-off gateways re-assert
 *       their users (or their clients log in again when their connections were closed), and Redis
 *       holds each member once, under the gateway it is connected through, with one lease per
 *       gateway; the exact counts per room and globally agree on both sides; the rooms saw each
 *       evicted user join again once (one ADD after its one DELETE) and the re-logged-in user is
 *       counted once; a client that stayed connected on the services side got every broadcast
 *       exactly once, in order, no client got any broadcast twice, and broadcasts across the healed
 *       link arrive exactly once.
 * </ul>
 *
 * Needs root, {@code ip} (iproute2) and {@code nft} (nftables): skipped with the reason otherwise
 * (CI runs as root and installs both). Clients and this JVM reach the nodes and Redis through
 * {@link UnixRelay} socket files; no address outside the two namespaces is used.
 */
class NetworkPartitionIT {
  private static final int MAX_NO_HEARTBEAT_S = 4;
  private static final long LEASE_MS = 5_000;
  private static final Duration WITHIN = Duration.ofSeconds(60);
  private static final String ROOM = "part";
  private static final String ROOM2 = "part2";
  private static final int REDIS_PORT = 6379;
  private static final String PREFIX = "liveroom:";

  /** Hazelcast's warning when it suspects a member that stopped heartbeating. */
  private static final String SILENT = "has not sent any heartbeats";

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<UnixRelay> relays = new ArrayList<>();
  private final List<TestClient> clients = new ArrayList<>();
  private PartitionNet net;
  private RedisServer redis;
  private Vertx vertx;

  /** A node: its JVM, the namespace it runs in and the loopback port this JVM reaches it at. */
  private record Node(String id, String ns, NodeProcess process, int port) {}

  @Test
  void aPartitionHealsWithoutSplitBrainStateInRedis() throws Exception {
    Assumptions.assumeTrue(
        isRoot(), "needs root to create network namespaces (CI runs as root); uid is not 0");
    Assumptions.assumeTrue(
        PartitionNet.ipBinary() != null, "needs the ip command: apt-get install -y iproute2");
    Assumptions.assumeTrue(
        PartitionNet.nftBinary() != null, "needs the nft command: apt-get install -y nftables");
    net = PartitionNet.create();
    vertx = Vertx.vertx();
    try {
      run();
    } catch (AssertionError | RuntimeException e) {
      diagnose();
      throw e;
    } finally {
      for (TestClient c : clients) {
        try {
          c.close();
        } catch (AssertionError | RuntimeException e) {
          System.out.println("NetworkPartitionIT: client close: " + e.getMessage());
        }
      }
      vertx.close();
      relays.forEach(UnixRelay::close);
      nodes.values().forEach(n -> n.process().close());
      net.close();
    }
  }

  private void run() throws Exception {
    startRedis();
    String cluster = "part-" + UUID.randomUUID().toString().substring(0, 8);
    String members =
        String.join(
            ",",
            PartitionNet.SERVICES_IP + ":5701",
            PartitionNet.SERVICES_IP + ":5702",
            PartitionNet.GATEWAYS_IP + ":5701",
            PartitionNet.GATEWAYS_IP + ":5702");
    startNode(
        "psvc",
        "room,presence,chat",
        net.services,
        PartitionNet.SERVICES_IP,
        5701,
        8090,
        cluster,
        members);
    startNode(
        "pgwc", "gateway", net.services, PartitionNet.SERVICES_IP, 5702, 8091, cluster, members);
    startNode(
        "pgwa", "gateway", net.gateways, PartitionNet.GATEWAYS_IP, 5701, 8090, cluster, members);
    startNode(
        "pgwb", "gateway", net.gateways, PartitionNet.GATEWAYS_IP, 5702, 8091, cluster, members);
    for (Node n : nodes.values()) {
      n.process().awaitReady(Duration.ofSeconds(120));
    }
    Node gwA = nodes.get("pgwa");
    Node gwB = nodes.get("pgwb");
    Node gwC = nodes.get("pgwc");

    // room "part": a1 (A), b1 (B), c1 and c2 (C); room "part2": a2 (A), c3 (C)
    TestClient c1 = login(gwC, ROOM, "c1");
    TestClient c2 = login(gwC, ROOM, "c2");
    TestClient c3 = login(gwC, ROOM2, "c3");
    Map<String, TestClient> cutOff = new LinkedHashMap<>();
    Map<String, String> cutOffRoom = Map.of("a1", ROOM, "b1", ROOM, "a2", ROOM2);
    Map<String, Node> cutOffGateway = Map.of("a1", gwA, "b1", gwB, "a2", gwA);
    for (String u : List.of("a1", "b1", "a2")) {
      cutOff.put(u, login(cutOffGateway.get(u), cutOffRoom.get(u), u));
    }
    Map<String, String> where = new TreeMap<>();
    where.putAll(Map.of("c1", "pgwc", "c2", "pgwc", "c3", "pgwc"));
    where.putAll(Map.of("a1", "pgwa", "b1", "pgwb", "a2", "pgwa"));
    expectConsistent(
        "before the cut",
        List.of(gwA, gwC),
        where,
        Set.of("pgwa", "pgwb", "pgwc"),
        Map.of(ROOM, Set.of("a1", "b1", "c1", "c2"), ROOM2, Set.of("a2", "c3")));

    List<String> sentByC2 = new ArrayList<>();
    broadcast(c2, "before", 5, sentByC2);
    until("c1 got the first broadcasts", () -> received(c1, "before").size() == 5 ? true : null);

    // the cut
    Node svc = nodes.get("psvc");
    long silentBefore = svc.process().output().split(SILENT, -1).length;
    long cutAt = System.nanoTime();
    net.cut();
    long evictedMs;
    TestClient d1;
    try {
      until("c1 saw a1 and b1 leave", () -> deletes(c1, "a1") >= 1 && deletes(c1, "b1") >= 1);
      until("c3 saw a2 leave", () -> deletes(c3, "a2") >= 1);
      evictedMs = (System.nanoTime() - cutAt) / 1_000_000;
      until(
          "the services' Hazelcast suspected the cut-off members",
          () -> svc.process().output().split(SILENT, -1).length > silentBefore ? true : null);

      // the services side keeps serving: broadcasts, a new login, exact counts
      broadcast(c2, "during", 5, sentByC2);
      d1 = login(gwC, ROOM, "d1");
      // b1 gives up on its cut-off gateway and logs in again through one that works
      TestClient b1Old = cutOff.remove("b1");
      b1Old.close();
      clients.remove(b1Old);
      login(gwC, ROOM, "b1");
      where.put("b1", "pgwc");
      Map<String, String> duringWhere = new TreeMap<>(Map.of("c1", "pgwc", "c2", "pgwc"));
      duringWhere.put("c3", "pgwc");
      duringWhere.put("d1", "pgwc");
      duringWhere.put("b1", "pgwc");
      expectConsistent(
          "during the cut (services side)",
          List.of(gwC),
          duringWhere,
          Set.of("pgwc"),
          Map.of(ROOM, Set.of("b1", "c1", "c2", "d1"), ROOM2, Set.of("c3")));
      // the cut-off gateways answer their clients (an error, no hang)
      JsonObject cutReply =
          cutOff
              .get("a1")
              .request(
                  "sendBroadcastMessage",
                  new JsonObject().put("roomID", ROOM).put("message", "from the cut-off side"));
      System.out.println("NetworkPartitionIT: a broadcast on the cut-off side: " + cutReply);
      assertEquals(false, cutReply.getBoolean("ok"), "no broadcast without the services");
      // past every deadline on both sides before the link heals
      NodeProcess.pause(2_000);
    } finally {
      net.heal();
    }
    long healedAt = System.nanoTime();
    System.out.printf(
        "NetworkPartitionIT: cut-off members evicted %d ms after the cut; healed after %d ms%n",
        evictedMs, (healedAt - cutAt) / 1_000_000);

    // after the heal: each cut-off user back once (reconnected when its connection was closed)
    Map<String, String> afterWhere = new TreeMap<>(where);
    afterWhere.put("d1", "pgwc");
    until(
        "the cut-off users are back",
        () -> {
          for (Map.Entry<String, TestClient> e : cutOff.entrySet()) {
            if (e.getValue().isClosed()) {
              String u = e.getKey();
              System.out.println("NetworkPartitionIT: " + u + " was disconnected: logs in again");
              clients.remove(e.getValue());
              e.setValue(login(cutOffGateway.get(u), cutOffRoom.get(u), u));
            }
          }
          return membersInRedis(ROOM).keySet().containsAll(Set.of("a1", "b1"))
                  && membersInRedis(ROOM2).containsKey("a2")
              ? true
              : null;
        });
    long backMs = (System.nanoTime() - healedAt) / 1_000_000;
    expectConsistent(
        "after the heal",
        List.of(gwA, gwB, gwC),
        afterWhere,
        Set.of("pgwa", "pgwb", "pgwc"),
        Map.of(ROOM, Set.of("a1", "b1", "c1", "c2", "d1"), ROOM2, Set.of("a2", "c3")));
    System.out.printf(
        "NetworkPartitionIT: consistent again %d ms after the heal (members back after %d ms)%n",
        (System.nanoTime() - healedAt) / 1_000_000, backMs);

    // broadcasts across the healed link, exactly once each way
    TestClient a1 = cutOff.get("a1");
    until("c1's broadcast at a1", () -> sendUntilReceived(c1, a1, "healed c1->a1"));
    until("a1's broadcast at c1", () -> sendUntilReceived(a1, c1, "healed a1->c1"));
    broadcast(c2, "after", 5, sentByC2);
    until("c1 got the last broadcasts", () -> received(c1, "after").size() == 5 ? true : null);
    NodeProcess.pause(2_000); // room for a duplicate to arrive

    // c1 stayed connected on the services side: every broadcast of c2, once, in order
    List<String> gotByC1 = new ArrayList<>();
    for (String m : received(c1, "")) {
      if (sentByC2.contains(m)) {
        gotByC1.add(m);
      }
    }
    assertEquals(sentByC2, gotByC1, "c1 got each of c2's broadcasts once, in order");
    assertEquals(1, mostDeliveries(a1, "healed c1->a1"), "no duplicate push at a1");
    assertEquals(1, mostDeliveries(c1, "healed a1->c1"), "no duplicate push at c1");
    assertEquals(1, deletes(c1, "a1"), () -> "a1 left once: " + c1.pushes("roomUserUpdate"));
    assertEquals(1, deletes(c1, "b1"), () -> "b1 left once: " + c1.pushes("roomUserUpdate"));
    assertEquals(1, deletes(c3, "a2"), () -> "a2 left once: " + c3.pushes("roomUserUpdate"));
    // c1 and c3 joined before the cut-off users: one ADD when they joined, one when they came back
    assertEquals(
        2, c1.userUpdates("ADD", "a1"), () -> "a1 came back once: " + c1.pushes("roomUserUpdate"));
    assertEquals(
        2,
        c1.userUpdates("ADD", "b1"),
        () -> "b1 joined again once (its new login): " + c1.pushes("roomUserUpdate"));
    assertEquals(
        2, c3.userUpdates("ADD", "a2"), () -> "a2 came back once: " + c3.pushes("roomUserUpdate"));
    for (TestClient c : clients) {
      assertTrue(mostDeliveries(c, "") <= 1, "no client got any broadcast twice");
    }
    assertEquals(0, deletes(c1, "c2"), "nobody on the services side left");
    assertEquals(0, deletes(d1, "c1"), "nobody on the services side left (d1's view)");
    // a lease lapsing again after the merge would evict them a second time
    NodeProcess.pause(LEASE_MS + 1_000);
    expectConsistent(
        "a lease time after the heal",
        List.of(gwA, gwC),
        afterWhere,
        Set.of("pgwa", "pgwb", "pgwc"),
        Map.of(ROOM, Set.of("a1", "b1", "c1", "c2", "d1"), ROOM2, Set.of("a2", "c3")));
    assertEquals(1, deletes(c1, "a1"), "a1 still left only once");
    for (Node n : nodes.values()) {
      assertNull(n.process().awaitExit(Duration.ZERO), n.id() + " still runs");
      assertEquals(
          200, n.process().get("/ready").statusCode(), n.id() + " is ready after the heal");
      long banners =
          n.process()
              .output()
              .lines()
              .filter(l -> l.startsWith("liveroom ") && l.contains(" ready in "))
              .count();
      assertEquals(1, banners, n.id() + " started once (no restart loop)");
      n.process()
          .output()
          .lines()
          .filter(l -> l.contains("ERROR"))
          .limit(10)
          .forEach(l -> System.out.println("NetworkPartitionIT " + n.id() + ": " + l));
    }
  }

  /** On failure: what Redis holds and what each node warned about. */
  private void diagnose() {
    try {
      for (String room : List.of(ROOM, ROOM2)) {
        System.out.println(
            "NetworkPartitionIT: members of " + room + " in Redis: " + membersInRedis(room));
      }
      System.out.println(
          "NetworkPartitionIT: leases: " + redis.command("HKEYS", PREFIX + "{presence}:leases"));
    } catch (RuntimeException e) {
      System.out.println("NetworkPartitionIT: Redis unreadable: " + e);
    }
    for (Node n : nodes.values()) {
      n.process()
          .output()
          .lines()
          .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("RoomVerticle"))
          .filter(l -> !l.contains("hazelcast"))
          .limit(30)
          .forEach(l -> System.out.println("NetworkPartitionIT " + n.id() + ": " + l));
    }
  }

  /**
   * Polls until Redis and the admin API of each of {@code askAt} agree with {@code expected}: the
   * members hash of each room holds exactly its users, each under the gateway it is connected
   * through ({@code where}), each gateway's member index holds its memberships, the presence leases
   * are exactly the gateways in use, and the online counts per room and globally are exact.
   */
  private void expectConsistent(
      String phase,
      List<Node> askAt,
      Map<String, String> where,
      Set<String> leaseHolders,
      Map<String, Set<String>> expected) {
    Set<String> gateways = new TreeSet<>(leaseHolders);
    int total = expected.values().stream().mapToInt(Set::size).sum();
    until(
        phase + ": Redis and the counts agree with " + expected,
        () -> {
          String problem = inconsistency(askAt, where, expected, gateways, total);
          if (problem != null) {
            lastProblem = problem;
            return null;
          }
          return true;
        },
        () -> lastProblem);
  }

  private volatile String lastProblem = "";

  private String inconsistency(
      List<Node> askAt,
      Map<String, String> where,
      Map<String, Set<String>> expected,
      Set<String> gateways,
      int total) {
    try {
      for (Map.Entry<String, Set<String>> room : expected.entrySet()) {
        Map<String, JsonObject> members = membersInRedis(room.getKey());
        if (!members.keySet().equals(room.getValue())) {
          return "members of " + room.getKey() + " in Redis: " + members.keySet();
        }
        for (Map.Entry<String, JsonObject> m : members.entrySet()) {
          String gw = m.getValue().getString("gatewayId");
          if (!where.get(m.getKey()).equals(gw)) {
            return m.getKey()
                + " is held by "
                + gw
                + " in Redis, connected through "
                + where.get(m.getKey());
          }
          String entry = room.getKey() + "\n" + m.getKey();
          if (!"1"
              .equals(redis.command("SISMEMBER", PREFIX + "gateway:{" + gw + "}:members", entry))) {
            return "the member index of " + gw + " misses " + room.getKey() + "/" + m.getKey();
          }
        }
      }
      Set<String> leases =
          new TreeSet<>(lines(redis.command("HKEYS", PREFIX + "{presence}:leases")));
      Set<String> deadlines =
          new TreeSet<>(lines(redis.command("ZRANGE", PREFIX + "{presence}:deadlines", "0", "-1")));
      if (!leases.equals(gateways) || !deadlines.equals(gateways)) {
        return "presence leases " + leases + ", deadlines " + deadlines + ", expected " + gateways;
      }
      for (Node n : askAt) {
        for (Map.Entry<String, Set<String>> room : expected.entrySet()) {
          JsonObject online = Admin.get(n.port(), "/v1/rooms/" + room.getKey() + "/online");
          if (online.getInteger("count") != room.getValue().size()
              || online.getInteger("sessions") != room.getValue().size()) {
            return n.id() + " counts " + online + " for " + room.getValue();
          }
          List<String> listed = users(n, room.getKey());
          if (!listed.equals(new ArrayList<>(new TreeSet<>(room.getValue())))) {
            return n.id() + " lists " + listed + " in " + room.getKey();
          }
        }
        JsonObject all = Admin.get(n.port(), "/v1/online");
        if (all.getInteger("totalSessions") != total || all.getInteger("distinctUsers") != total) {
          return n.id() + " counts " + all + ", expected " + total;
        }
      }
      return null;
    } catch (IOException | AssertionError | RuntimeException e) {
      return e.toString();
    }
  }

  private Map<String, JsonObject> membersInRedis(String room) {
    Map<String, JsonObject> out = new TreeMap<>();
    List<String> flat = lines(redis.command("HGETALL", PREFIX + "{room:" + room + "}:members"));
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      out.put(flat.get(i), new JsonObject(flat.get(i + 1)));
    }
    return out;
  }

  private static List<String> lines(String reply) {
    if (reply == null || reply.isEmpty()) {
      return List.of();
    }
    return List.of(reply.split("\n"));
  }

  private static List<String> users(Node gateway, String room) throws IOException {
    JsonArray users =
        Admin.get(gateway.port(), "/v1/rooms/" + room + "/users").getJsonArray("users");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < users.size(); i++) {
      out.add(users.getJsonObject(i).getString("userID"));
    }
    out.sort(null);
    return out;
  }

  private TestClient login(Node gateway, String room, String user) {
    TestClient c = TestClient.connect(vertx, gateway.port());
    clients.add(c);
    JsonObject r = TestCluster.loginWhenServed(c, room, user, true);
    assertTrue(r.getBoolean("ok"), () -> user + " at " + gateway.id() + ": " + r.encode());
    return c;
  }

  private static void broadcast(TestClient from, String prefix, int count, List<String> sent) {
    for (int i = 0; i < count; i++) {
      String m = prefix + "-" + i;
      JsonObject r =
          from.request(
              "sendBroadcastMessage", new JsonObject().put("roomID", ROOM).put("message", m));
      assertTrue(r.getBoolean("ok"), () -> m + ": " + r.encode());
      sent.add(m);
    }
  }

  /** The messages starting with {@code prefix} that {@code client} got, in arrival order. */
  private static List<String> received(TestClient client, String prefix) {
    List<String> out = new ArrayList<>();
    for (JsonObject p : client.pushes("IMRecvBroadcastMessage")) {
      JsonArray data = p.getJsonArray("chatData");
      for (int i = 0; i < data.size(); i++) {
        String m = data.getJsonObject(i).getString("message");
        if (m.startsWith(prefix)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Sends {@code text}#attempt until one attempt reaches {@code to}. */
  private static Boolean sendUntilReceived(TestClient from, TestClient to, String text) {
    for (int attempt = 0; attempt < 20; attempt++) {
      JsonObject r =
          from.request(
              "sendBroadcastMessage",
              new JsonObject().put("roomID", ROOM).put("message", text + "#" + attempt));
      long deadline = System.nanoTime() + Duration.ofSeconds(r.getBoolean("ok") ? 3 : 0).toNanos();
      do {
        if (!received(to, text).isEmpty()) {
          return true;
        }
        NodeProcess.pause(50);
      } while (System.nanoTime() < deadline);
    }
    return null;
  }

  private static int mostDeliveries(TestClient client, String text) {
    Map<String, Integer> seen = new HashMap<>();
    received(client, text).forEach(m -> seen.merge(m, 1, Integer::sum));
    return seen.values().stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  private static int deletes(TestClient client, String userId) {
    return client.userUpdates("DELETE", userId);
  }

  private void startRedis() throws Exception {
    String binary =
        Files.isExecutable(Path.of("/usr/bin/redis-server"))
            ? "/usr/bin/redis-server"
            : "redis-server";
    Path socket = net.socketDir.resolve("redis.sock");
    Path log = net.socketDir.resolve("redis.log");
    List<String> command =
        RedisProcess.dataArgs(REDIS_PORT, PartitionNet.SERVICES_IP, net.socketDir);
    command.add(0, binary);
    command.addAll(List.of("--unixsocket", socket.toString(), "--unixsocketperm", "700"));
    new ProcessBuilder(net.exec(net.services, command))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    UnixRelay relay = UnixRelay.toUnix(socket);
    relays.add(relay);
    redis = new RedisServer("127.0.0.1", relay.port());
    until("redis-server answers", () -> Files.exists(socket) && redis.ping() ? true : null);
  }

  private void startNode(
      String id,
      String roles,
      String ns,
      String address,
      int hzPort,
      int httpPort,
      String cluster,
      String members)
      throws Exception {
    Path socket = net.socketDir.resolve(id + ".sock");
    Path relayLog = net.socketDir.resolve(id + "-relay.log");
    String testClasses =
        Path.of(UnixRelay.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    new ProcessBuilder(
            net.exec(
                ns,
                List.of(
                    NodeProcess.javaBinary(),
                    "-Xmx32m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    testClasses,
                    UnixRelay.class.getName(),
                    socket + "=" + httpPort)))
        .redirectErrorStream(true)
        .redirectOutput(relayLog.toFile())
        .start();
    until(
        id + "'s relay listens",
        () -> {
          try {
            return Files.readString(relayLog, StandardCharsets.UTF_8).contains("relay ready")
                ? true
                : null;
          } catch (IOException e) {
            return null;
          }
        });
    UnixRelay relay = UnixRelay.toUnix(socket);
    relays.add(relay);
    NodeProcess process =
        NodeProcess.start(
            id,
            relay.port(),
            net.exec(ns, List.of()),
            Map.of(),
            withQuickPresence(
                List.of(
                    "--cluster",
                    "--set",
                    "auth.devMode=true",
                    "--roles",
                    roles,
                    "--node-id",
                    id,
                    "--redis",
                    "redis://" + PartitionNet.SERVICES_IP + ":" + REDIS_PORT,
                    "--members",
                    members,
                    "--cluster-name",
                    cluster,
                    "--cluster-host",
                    address,
                    "--cluster-port",
                    Integer.toString(hzPort),
                    "--port",
                    Integer.toString(httpPort),
                    "--host",
                    "127.0.0.1",
                    "--set",
                    "cluster.heartbeatIntervalSeconds=1",
                    "--set",
                    "cluster.maxNoHeartbeatSeconds=" + MAX_NO_HEARTBEAT_S,
                    "--set",
                    "cluster.mergeDelaySeconds=1")));
    nodes.put(id, new Node(id, ns, process, relay.port()));
  }

  private static String[] withQuickPresence(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(TestCluster.quickPresence(LEASE_MS, 10));
    return all.toArray(String[]::new);
  }

  private static boolean isRoot() {
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 && out.equals("0");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void until(String what, Supplier<Boolean> probe) {
    until(what, () -> Boolean.TRUE.equals(probe.get()) ? true : null, () -> "");
  }

  private static void until(String what, Supplier<Boolean> probe, Supplier<String> last) {
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      Boolean value = probe.get();
      if (value != null && value) {
        return;
      }
      NodeProcess.pause(100);
    }
    throw new AssertionError(
        "not within " + WITHIN.toSeconds() + " s: " + what + " (last: " + last.get() + ")");
  }
}
