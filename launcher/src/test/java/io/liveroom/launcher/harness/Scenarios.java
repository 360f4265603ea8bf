package io.liveroom.launcher.harness;

import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Page;
import java.time.Duration;

/** What the browser scenarios of this package share. */
public final class Scenarios {
  private Scenarios() {}

  /** A page on the node's origin with the SFU test script ({@code browser/sfu.js}) loaded. */
  public static Page sfuPage(Cdp browser, String name, String origin, Duration step) throws Exception {
    Page page = browser.newPage(name, true);
    page.navigate(origin + "/health", step);
    page.addScript("browser/sfu.js");
    return page;
  }

  /** Milliseconds since {@code t0} ({@link System#nanoTime()}). */
  public static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
