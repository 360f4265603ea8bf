package io.liveroom.launcher;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liveroom.launcher.browser.BrowserDriver;
import io.liveroom.launcher.browser.BrowserScenario;
import io.liveroom.launcher.browser.BrowserScenarioRunner;
import io.liveroom.launcher.browser.Chromium;
import io.liveroom.launcher.browser.Page;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TmpHarnessFailuresIT {
  public static final class Throws implements BrowserScenario {
    @Override
    public JsonObject run(BrowserDriver driver) throws Exception {
      Page page = driver.chromium(Chromium.Options.defaults()).newPage("p", true);
      page.evaluate("console.log('hello from page'); 1", Duration.ofSeconds(5));
      page.evaluate("Promise.reject(new Error('boom in page'))", Duration.ofSeconds(5));
      return null;
    }
  }

  public static final class Hangs implements BrowserScenario {
    @Override
    public JsonObject run(BrowserDriver driver) throws Exception {
      driver.chromium(Chromium.Options.defaults()).newPage("p", false);
      Thread.sleep(600_000);
      return null;
    }
  }

  @Test
  void throwing() {
    AssertionError e = assertThrows(AssertionError.class, () -> BrowserScenarioRunner.run(Throws.class, new JsonObject(), Duration.ofSeconds(30)));
    System.out.println("THROWING MESSAGE:\n" + e.getMessage());
  }

  @Test
  void hanging() {
    long t0 = System.nanoTime();
    AssertionError e = assertThrows(AssertionError.class, () -> BrowserScenarioRunner.run(Hangs.class, new JsonObject(), Duration.ofSeconds(8)));
    System.out.println("HANGING MESSAGE after " + (System.nanoTime() - t0) / 1_000_000 + " ms:\n" + e.getMessage());
  }
}
