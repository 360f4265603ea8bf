package io.liveroom.launcher.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import io.liveroom.launcher.harness.TestTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21 item 7: every list or page size an admin call takes is capped by configuration; at the
 * cap the call is served, one over it is 400 INVALID_FIELD naming the field and the cap.
 */
class AdminLimitsTest {
  private static final int KICK = 3;
  private static final int PAGE = 5;
  private static RunningNode node;
  private static TestClient member;
  private static int port;

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          Map.of(
              "http.adminMaxKickUsers",
              String.valueOf(KICK),
              "gateway.adminMaxPageSize",
              String.valueOf(PAGE)));

  @BeforeAll
  static void start() throws Exception {
    node = NODE.node();
    port = node.httpPort();
    member = TestClient.connect(NODE.vertx(), port);
    assertTrue(member.login("capped", "alice", false).getBoolean("ok")); // an open room to list
  }

  @AfterAll
  static void stop() throws Exception {
    member.close();
  }

  private static JsonObject kick(int users, int expectedStatus) throws Exception {
    JsonArray ids = new JsonArray(IntStream.range(0, users).mapToObj(i -> "nobody" + i).toList());
    return Admin.call(
        port,
        "POST",
        "/v1/rooms/capped/kick",
        new JsonObject().put("userIDs", ids).encode(),
        TestTokens.admin(),
        expectedStatus);
  }

  @Test
  void kickNamesAtMostTheConfiguredUsers() throws Exception {
    assertEquals(KICK, kick(KICK, 200).getJsonArray("notInRoom").size());
    assertRefused(kick(KICK + 1, 400), "userIDs", KICK);
    assertRefused(kick(3_000, 400), "userIDs", KICK); // the black-box test's kick
  }

  @Test
  void everyPageSizeIsCapped() throws Exception {
    for (String call :
        new String[] {
          "/v1/rooms?limit=",
          "/v1/rooms/capped/users?limit=",
          "/v1/rooms/capped/messages?afterSeq=0&limit=",
          "/v1/online?top="
        }) {
      Admin.call(port, "GET", call + PAGE, null, TestTokens.admin(), 200);
      String field = call.endsWith("top=") ? "top" : "limit";
      assertRefused(
          Admin.call(port, "GET", call + (PAGE + 1), null, TestTokens.admin(), 400), field, PAGE);
    }
  }

  private static void assertRefused(JsonObject reply, String field, int cap) {
    JsonObject error = reply.getJsonObject("error");
    assertEquals("INVALID_FIELD", error.getString("name"), reply::encode);
    String message = error.getString("message");
    assertTrue(
        message.contains(field) && message.contains(String.valueOf(cap)),
        "names the field and the cap: " + message);
  }
}
