package io.liveroom.launcher.harness;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.Launcher;
import io.liveroom.launcher.RunningNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the browser scenarios of this package share. */
public final class Scenarios {
  private Scenarios() {}

  /**
   * A page on the node's origin with the SFU test script ({@code browser/sfu.js}, over {@code
   * browser/ws-rpc.js}) loaded.
   */
  public static Page sfuPage(Cdp browser, String name, String origin, Duration step)
      throws Exception {
    Page page = browser.newPage(name, true);
    page.navigate(origin + "/health", step);
    page.addScript("browser/ws-rpc.js");
    page.addScript("browser/sfu.js");
    return page;
  }

  /**
   * A single-process node in this JVM with HTTP and media on {@link NetNs#HOST_A} (free ports) plus
   * {@code settings}, stopped when the scenario ends.
   */
  public static RunningNode startNode(BrowserDriver driver, Map<String, String> settings)
      throws Exception {
    Map<String, String> all =
        new HashMap<>(
            Map.of(
                "node.httpHost",
                NetNs.HOST_A,
                "node.httpPort",
                "0",
                "media.bindAddress",
                NetNs.HOST_A,
                "media.advertisedAddresses",
                NetNs.HOST_A,
                "media.port",
                "0"));
    all.putAll(settings);
    RunningNode node = Launcher.start(Config.of(all)).await(30, TimeUnit.SECONDS);
    driver.closeLater(() -> node.stop().await(20, TimeUnit.SECONDS));
    return node;
  }

  /**
   * A Chromium that may use the camera on {@code http://HOST_A:port} of {@code node}; returns that
   * origin.
   */
  /** Quick presence pushes and reports, for pages that check online counts. */
  public static final Map<String, String> QUICK_PRESENCE =
      Map.of(
          "presence.pushIntervalMs",
          "300",
          "presence.reportIntervalMs",
          "500",
          "gateway.presenceReportIntervalMs",
          "500");

  public static String origin(RunningNode node) {
    return "http://" + NetNs.HOST_A + ":" + node.httpPort();
  }

  /** Milliseconds since {@code t0} ({@link System#nanoTime()}). */
  public static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
