package io.liveroom.launcher.harness;

import io.liveroom.infra.config.Config;
import io.liveroom.launcher.Launcher;
import io.liveroom.launcher.RunningNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * In-process single-process nodes for tests: loopback only, free ports, plus the test's own
 * settings.
 */
public final class TestNodes {
  private TestNodes() {}

  public static RunningNode start(Map<String, String> settings) throws Exception {
    // no access log: hundreds of request lines in the test output (AccessLogTest and the jar's ITs
    // cover it)
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                "node.httpPort",
                "0",
                "node.httpHost",
                "127.0.0.1",
                "media.port",
                "0",
                "media.bindAddress",
                "127.0.0.1",
                "log.accessLog",
                "false"));
    // -Dliveroom.test.transport=io_uring (or epoll, nio, auto): the in-process nodes of a test run
    // on that socket transport unless the test sets its own
    String transport = System.getProperty("liveroom.test.transport");
    if (transport != null && !transport.isBlank()) {
      all.put("node.transport", transport);
    }
    all.putAll(settings);
    return Launcher.start(Config.of(all)).await(30, TimeUnit.SECONDS);
  }
}
