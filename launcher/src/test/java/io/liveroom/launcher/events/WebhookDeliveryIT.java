package io.liveroom.launcher.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.NodeProcess;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The event log and its webhooks under fire: a 4-JVM cluster (two room-service instances, two
 * gateways of which one also runs presence and chat) on a real Redis delivers to a real receiver
 * that fails 30 % of the POSTs and stalls some. 200 users join, leave, get kicked, log in twice and
 * resume on the other gateway while the room-service instance delivering the webhooks, then a
 * gateway, are killed with kill -9 in the middle of the churn. Afterwards the receiver,
 * de-duplicated by id, holds every event of the log with a gap-free seq, and every session's
 * user.joined has exactly one later user.left, without exception (rooms: created/closed alike):
 * what the killed room-service decided without appending comes back through the event log's
 * reconciliation ({@code events.reconcileMs}), a session handed to the killed gateway is ended by
 * the gateway that had parked it.
 */
class WebhookDeliveryIT {
  @RegisterExtension
  static final TestCluster CLUSTER =
      TestCluster.named("hooks").spare("hr1").spare("hr2").spare("hg1").spare("hg2");

  private static final String SECRET = "it-webhook-secret-0123456789";
  private static final int USERS = 200;
  private static final int ROOMS = 20;
  private static final long LEASE_TTL_MS = 3000;
  private static final long RECONCILE_MS = 1000;
  private static final long RECONCILE_GRACE_MS = 3000;

  /** A request that fails this soon after a kill -9 is expected (it was in flight to the dead). */
  private static final long KILL_WINDOW_MS = 12_000;

  private static final int ROOMS_PER_CONNECTION = 10;

  /** The started nodes (closed by the cluster): the two room-service instances first. */
  private static final List<NodeProcess> NODES = new ArrayList<>();

  private static Vertx vertx;

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close();
    }
  }

  /** One user's current connection. */
  private static final class User {
    final String id;
    final String room;
    TestClient client;
    NodeProcess gateway;
    JsonObject opened;

    User(int i) {
      id = "u" + i;
      room = "room-" + (i % ROOMS);
    }
  }

  private final Map<String, AtomicInteger> actions = new ConcurrentHashMap<>();
  private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
  private final List<Long> kills = java.util.Collections.synchronizedList(new ArrayList<>());
  private volatile NodeProcess g1;
  private volatile NodeProcess g2;
  private volatile boolean g1Alive = true;

  @Test
  void everyEventReachesTheReceiverOnceDeDuplicatedGapFreeAndPaired() throws Exception {
    vertx = Vertx.vertx();
    try (WebhookReceiver receiver = new WebhookReceiver(vertx, SECRET, 0.30, 0.05, 2_500)) {
      startCluster(receiver.url());
      List<User> users = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        users.add(new User(i));
      }
      ExecutorService pool = Executors.newFixedThreadPool(10);
      try {
        run(pool, users, u -> login(u, (u.id.hashCode() & 1) == 0 ? g1 : g2));
        // Wave 1 of churn with the delivering room-service killed (kill -9) in the middle of it:
        // decisions it made in the store without their log append come back through the event
        // log's reconciliation. Wave 2 churns while gateway g1 is killed with kill -9 in the
        // middle.
        List<Future<?>> churn = churn(pool, users, 7_000);
        NodeProcess deliverer = deliverer();
        NodeProcess.pause(3_000);
        long killedDeliverer = System.currentTimeMillis();
        kills.add(killedDeliverer);
        deliverer.kill();
        System.out.println("WebhookDeliveryIT: killed the delivering room-service " + deliverer);
        awaitAll(churn);
        churn = churn(pool, users, 9_000);
        NodeProcess.pause(4_000);
        g1Alive = false;
        kills.add(System.currentTimeMillis());
        g1.kill();
        System.out.println("WebhookDeliveryIT: killed gateway g1");
        awaitAll(churn);
        run(pool, users, this::logout);
        long churnEnded = System.currentTimeMillis();
        JsonObject last = settle(receiver);
        System.out.printf(
            "WebhookDeliveryIT: the log settled (every session left, every room closed) %d ms after"
                + " the churn%n",
            System.currentTimeMillis() - churnEnded);
        long resumed = receiver.firstAcceptedAfter(killedDeliverer);
        check(receiver, last);
        System.out.printf(
            "WebhookDeliveryIT: %d events delivered (distinct ids), %d received with duplicates (%d"
                + " duplicates), %d POSTs (%d failed with 500, %d stalled, %d rejected); delivery resumed %d ms after"
                + " the kill -9 of the delivering instance; actions %s%n",
            receiver.events().size(),
            receiver.receivedWithDuplicates(),
            receiver.receivedWithDuplicates() - receiver.events().size(),
            receiver.posts.get(),
            receiver.failed.get(),
            receiver.stalled.get(),
            receiver.rejected.get(),
            resumed < 0 ? -1 : resumed - killedDeliverer,
            actions);
        // a session whose gateway died is not resumable (its parked state died with it): the client
        // logs in again, as the SDK does; so is a request in flight to a node killed just then;
        // every other failed request counts
        List<String> unexpected =
            problems.stream()
                .filter(p -> !p.contains("SESSION_NOT_RESUMABLE") && !nearAKill(p))
                .toList();
        assertTrue(unexpected.size() < 20, "requests that went wrong: " + unexpected);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private void problem(String what) {
    problems.add(System.currentTimeMillis() + " " + what);
  }

  /** Whether a problem happened within {@link #KILL_WINDOW_MS} after a kill -9. */
  private boolean nearAKill(String problem) {
    long at = Long.parseLong(problem.substring(0, problem.indexOf(' ')));
    synchronized (kills) {
      return kills.stream().anyMatch(k -> at >= k && at - k <= KILL_WINDOW_MS);
    }
  }

  /** Ten workers churning a tenth of the users each for {@code millis}. */
  private List<Future<?>> churn(ExecutorService pool, List<User> users, long millis) {
    long churnEnd = System.currentTimeMillis() + millis;
    List<Future<?>> churn = new ArrayList<>();
    for (int w = 0; w < 10; w++) {
      int worker = w;
      churn.add(
          pool.submit(
              () ->
                  churn(
                      users.subList(worker * USERS / 10, (worker + 1) * USERS / 10),
                      churnEnd,
                      new Random(worker + millis))));
    }
    return churn;
  }

  private static void awaitAll(List<Future<?>> futures) throws Exception {
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
  }

  private void startCluster(String url) {
    List<String> args =
        new ArrayList<>(TestCluster.quickPresence(LEASE_TTL_MS, ROOMS_PER_CONNECTION));
    args.addAll(
        List.of(
            "--set",
            "webhooks.urls=" + url,
            "--set",
            "webhooks.secret=" + SECRET,
            "--set",
            "webhooks.leaseMs=2000",
            "--set",
            "webhooks.timeoutMs=1000",
            "--set",
            "webhooks.maxRetryMs=3000",
            "--set",
            "webhooks.batchSize=20",
            "--set",
            "webhooks.pollMs=100",
            "--set",
            "gateway.reconnectGraceMs=8000",
            "--set",
            "events.reconcileMs=" + RECONCILE_MS,
            "--set",
            "events.reconcileGraceMs=" + RECONCILE_GRACE_MS));
    String[] hooks = args.toArray(String[]::new);
    NODES.add(CLUSTER.start("hr1", "room", hooks));
    NODES.add(CLUSTER.start("hr2", "room", hooks));
    g1 = CLUSTER.start("hg1", "gateway", hooks);
    g2 = CLUSTER.start("hg2", "gateway,presence,chat", hooks);
    NODES.add(g1);
    NODES.add(g2);
    NODES.forEach(n -> n.awaitReady(Duration.ofSeconds(120)));
  }

  /** The room-service JVM that holds the webhook lease (it logs taking it). */
  private NodeProcess deliverer() {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      for (NodeProcess n : NODES.subList(0, 2)) {
        if (n.output().contains("taken over by")) {
          return n;
        }
      }
      NodeProcess.pause(100);
    }
    throw new AssertionError("no room-service took the webhook lease");
  }

  private interface UserAction {
    void apply(User u) throws Exception;
  }

  private void run(ExecutorService pool, List<User> users, UserAction action) throws Exception {
    List<Future<?>> all = new ArrayList<>();
    for (User u : users) {
      all.add(
          pool.submit(
              () -> {
                try {
                  action.apply(u);
                } catch (Exception | AssertionError e) {
                  problem(u.id + ": " + e);
                }
                return null;
              }));
    }
    for (Future<?> f : all) {
      f.get(120, TimeUnit.SECONDS);
    }
  }

  private NodeProcess other(NodeProcess gateway) {
    return !g1Alive || gateway == g1 ? g2 : g1;
  }

  private void count(String action) {
    actions.computeIfAbsent(action, k -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * Logs the user in on {@code gateway} with a new connection, retrying while services fail over.
   */
  private void login(User u, NodeProcess gateway) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      NodeProcess at = gateway == g1 && !g1Alive ? g2 : gateway;
      try {
        TestClient c = TestClient.connect(vertx, at.httpPort);
        JsonObject opened = c.opened();
        JsonObject reply = c.login(u.room, u.id, true);
        if (reply.getBoolean("ok")) {
          u.client = c;
          u.gateway = at;
          u.opened = opened;
          count("login");
          return;
        }
        quietClose(c);
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError(u.id + " cannot log in: " + reply.encode());
        }
      } catch (RuntimeException | AssertionError e) {
        if (System.currentTimeMillis() > deadline) {
          throw e;
        }
      }
      NodeProcess.pause(200);
    }
  }

  private static void quietClose(TestClient c) {
    try {
      c.close();
    } catch (RuntimeException | AssertionError e) {
      // a socket of a killed gateway, or a kicked one
    }
  }

  private void churn(List<User> users, long until, Random random) {
    while (System.currentTimeMillis() < until) {
      User u = users.get(random.nextInt(users.size()));
      try {
        if (u.client == null || u.client.isClosed() || u.gateway == g1 && !g1Alive) {
          if (u.client != null) {
            quietClose(u.client);
          }
          login(u, g2);
          count("relogin after gateway loss");
          continue;
        }
        int roll = random.nextInt(100);
        if (roll < 25) {
          u.client.request("logoutRoom", new JsonObject().put("roomID", u.room));
          quietClose(u.client);
          login(u, random.nextBoolean() ? u.gateway : other(u.gateway));
          count("logout");
        } else if (roll < 45) {
          Admin.post(
              u.gateway.httpPort,
              "/v1/rooms/" + u.room + "/kick",
              new JsonObject().put("userIDs", new JsonArray().add(u.id)));
          quietClose(u.client);
          login(u, u.gateway);
          count("kick");
        } else if (roll < 65) {
          TestClient old = u.client;
          login(u, other(u.gateway)); // the same user again: the older session is kicked
          quietClose(old);
          count("duplicate login");
        } else if (roll < 85 && g1Alive) {
          resume(u);
        } else {
          NodeProcess.pause(20);
        }
      } catch (Exception | AssertionError e) {
        problem(u.id + ": " + e);
        if (u.client != null) {
          quietClose(u.client); // its session ends: logout, or expiry after the grace period
        }
        u.client = null;
      }
    }
  }

  /** Drops the socket and resumes the session on the other gateway: no leave, no join. */
  private void resume(User u) {
    NodeProcess to = other(u.gateway);
    u.client.drop();
    TestClient c = TestClient.connect(vertx, to.httpPort);
    c.opened();
    JsonObject reply =
        c.request(
            "resume",
            new JsonObject()
                .put("sessionID", u.opened.getString("sessionID"))
                .put("resumeToken", u.opened.getString("resumeToken")));
    if (!reply.getBoolean("ok")) {
      quietClose(c);
      throw new AssertionError("resume failed: " + reply.encode());
    }
    u.opened =
        new JsonObject()
            .put("sessionID", reply.getString("sessionID"))
            .put("resumeToken", reply.getString("resumeToken"));
    u.client = c;
    u.gateway = to;
    count("resume on the other gateway");
  }

  private void logout(User u) {
    if (u.client != null && !u.client.isClosed()) {
      u.client.request("logoutRoom", new JsonObject().put("roomID", u.room));
      quietClose(u.client);
    }
  }

  /**
   * Waits until the receiver holds every event up to the log's last, every session that joined has
   * left and every room is closed (the dead gateway's members evicted, a session handed to the dead
   * gateway ended by the gateway that had parked it, what the killed room-service did not append
   * reconciled); returns the log's last page.
   */
  private JsonObject settle(WebhookReceiver receiver) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    JsonObject last = null;
    while (System.currentTimeMillis() < deadline) {
      last = Admin.get(g2.httpPort, "/v1/events?after=0&limit=1");
      long lastSeq = last.getLong("lastSeq");
      long oldest = last.getLong("oldestSeq");
      List<JsonObject> events = receiver.events();
      if (events.size() == lastSeq - oldest + 1
          && roomsClosed(events)
          && openSessions(events).isEmpty()) {
        return last;
      }
      NodeProcess.pause(250);
    }
    throw new AssertionError(
        "the receiver did not catch up or sessions and rooms stay open: "
            + receiver.events().size()
            + " events (last seq "
            + receiver.events().stream().mapToLong(e -> e.getLong("seq")).max().orElse(-1)
            + ", rooms all closed: "
            + roomsClosed(receiver.events())
            + "), log "
            + last
            + "; sessions never left: "
            + openSessions(receiver.events())
            + "; problems "
            + problems
            + "; actions "
            + actions);
  }

  /** room/user/session of every session whose last membership event is its user.joined. */
  private static Set<String> openSessions(List<JsonObject> events) {
    Set<String> open = new java.util.TreeSet<>();
    events.stream()
        .sorted(Comparator.comparingLong(e -> e.getLong("seq")))
        .forEach(
            e -> {
              if (e.getString("type").startsWith("user.")) {
                String key =
                    e.getString("roomID")
                        + "/"
                        + e.getString("userID")
                        + "/"
                        + e.getString("sessionID");
                if (e.getString("type").equals("user.joined")) {
                  open.add(key);
                } else {
                  open.remove(key);
                }
              }
            });
    return open;
  }

  private static boolean roomsClosed(List<JsonObject> events) {
    Map<String, Integer> open = new HashMap<>();
    for (JsonObject e : events) {
      if ("room.created".equals(e.getString("type"))) {
        open.merge(e.getString("roomID"), 1, Integer::sum);
      } else if ("room.closed".equals(e.getString("type"))) {
        open.merge(e.getString("roomID"), -1, Integer::sum);
      }
    }
    return open.values().stream().allMatch(v -> v == 0);
  }

  private void check(WebhookReceiver receiver, JsonObject last) throws Exception {
    List<JsonObject> events = receiver.events();
    events.sort(Comparator.comparingLong(e -> e.getLong("seq")));
    // the receiver's events are exactly the log's: same ids at the same seqs
    Map<Long, String> logIds = new TreeMap<>();
    long after = 0;
    while (true) {
      JsonObject page = Admin.get(g2.httpPort, "/v1/events?after=" + after + "&limit=1000");
      JsonArray got = page.getJsonArray("events");
      if (got.isEmpty()) {
        break;
      }
      for (int i = 0; i < got.size(); i++) {
        logIds.put(got.getJsonObject(i).getLong("seq"), got.getJsonObject(i).getString("id"));
      }
      after = page.getLong("next");
    }
    assertEquals(
        logIds.size(), events.size(), "the receiver holds as many distinct events as the log");
    long first = events.get(0).getLong("seq");
    assertEquals(last.getLong("oldestSeq"), first);
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.get(i);
      assertEquals(first + i, e.getLong("seq"), "gap or duplicate seq at " + i);
      assertEquals(logIds.get(e.getLong("seq")), e.getString("id"));
    }
    // every session: exactly one joined, then exactly one left
    Map<String, List<String>> sessions = new HashMap<>();
    Map<String, List<String>> rooms = new HashMap<>();
    Map<String, Integer> reasons = new TreeMap<>();
    for (JsonObject e : events) {
      String type = e.getString("type");
      if (type.startsWith("user.")) {
        sessions.computeIfAbsent(e.getString("sessionID"), k -> new ArrayList<>()).add(type);
      }
      if (type.equals("user.left")) {
        reasons.merge(e.getString("reason"), 1, Integer::sum);
      }
      if (type.startsWith("room.c")) {
        rooms.computeIfAbsent(e.getString("roomID"), k -> new ArrayList<>()).add(type);
      }
    }
    sessions.forEach(
        (session, types) ->
            assertEquals(List.of("user.joined", "user.left"), types, "session " + session));
    rooms.forEach(
        (r, types) -> {
          for (int i = 0; i < types.size(); i++) {
            assertEquals(
                i % 2 == 0 ? "room.created" : "room.closed",
                types.get(i),
                "room " + r + ": " + types);
          }
          assertEquals(0, types.size() % 2, "room " + r + " ends closed: " + types);
        });
    System.out.println(
        "WebhookDeliveryIT: " + sessions.size() + " sessions, user.left reasons " + reasons);
    for (String reason : Set.of("logout", "kicked", "duplicate_login", "gateway_lost")) {
      assertTrue(
          reasons.getOrDefault(reason, 0) > 0,
          "no user.left with reason " + reason + ": " + reasons);
    }
    assertEquals(0, receiver.rejected.get(), "every POST was signed");
  }
}
