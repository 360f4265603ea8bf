package io.liveroom.launcher.presence;

import static io.liveroom.launcher.presence.PresenceTest.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Admin;
import io.liveroom.launcher.harness.TestClient;
import io.liveroom.launcher.harness.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A gateway reports a change of its members early ({@code gateway.presenceChangeReportMs}) instead
 * of waiting for its periodic report: with the period set to 30 minutes, counts still follow joins
 * and leaves.
 */
class PresenceChangeReportTest {
  private static RunningNode node;

  @RegisterExtension
  static final TestNode NODE =
      new TestNode(
          Map.of(
              "presence.leaseTtlMs",
              "3600000",
              "presence.reportIntervalMs",
              "1800000",
              "gateway.presenceReportIntervalMs",
              "1800000",
              "gateway.presenceChangeReportMs",
              "100",
              "presence.viewMaxAgeMs",
              "0",
              "gateway.reconnectGraceMs",
              "0"));

  @BeforeAll
  static void start() throws Exception {
    node = NODE.node();
  }

  private static int online(String room) {
    try {
      return Admin.get(node.httpPort(), "/v1/rooms/" + room + "/online").getInteger("count");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void joinsAndLeavesReachTheCountsWithoutWaitingForThePeriod() {
    try (TestClient a = TestClient.connect(NODE.vertx(), node.httpPort());
        TestClient b = TestClient.connect(NODE.vertx(), node.httpPort())) {
      assertTrue(a.login("early", "early-a", false).getBoolean("ok"));
      eventually(1, () -> online("early"), "the first join is counted");
      assertTrue(b.login("early", "early-b", false).getBoolean("ok"));
      eventually(2, () -> online("early"), "the second join is counted");
      b.close();
      eventually(1, () -> online("early"), "the leave is counted");
    }
  }
}
