package io.liveroom.infra.testing.browser;

import io.vertx.core.json.JsonObject;

/**
 * The body of a browser test. It runs in the driver JVM, inside the test's own network namespace
 * (addresses {@link NetNs#HOST_A} and {@link NetNs#HOST_B}), started by {@link
 * BrowserScenarioRunner#run}. It starts what it needs (a liveroom node in-process, one or more
 * {@link Chromium}s via {@link BrowserDriver#chromium}), drives pages, and returns a JSON summary
 * the outer JUnit test asserts on. Throwing fails the run; the driver then saves a screenshot and
 * the console of every open page. Implementations need a public no-arg constructor.
 */
public interface BrowserScenario {
  JsonObject run(BrowserDriver driver) throws Exception;
}
