package io.liveroom.launcher.media;

import static io.liveroom.launcher.harness.Scenarios.ms;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.infra.tls.SelfSignedCertificate;
import io.liveroom.infra.tls.TlsMaterial;
import io.liveroom.launcher.Launcher;
import io.liveroom.launcher.RunningNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside the test's network namespace (see {@link HttpsBrowserCallIT}): a node serving
 * HTTPS/WSS from PEM files (a certificate for {@link NetNs#HOST_A} made by the test) and Chromium
 * trusting exactly that key ({@code --ignore-certificate-errors-spki-list}, no insecure-origin
 * exception): the demo page over {@code https://10.99.0.1:PORT/} in two tabs publishes and plays
 * (the {@link DemoPageScenario} steps). Then the same page over plain http from a second node on
 * {@link NetNs#HOST_B}: no secure context, so no camera. Returns what the pages saw.
 */
public final class TlsCallScenario implements BrowserScenario {
  private static final Duration POLL = Duration.ofMillis(250);

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    Path dir = Files.createTempDirectory("liveroom-tls-it-");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    driver.closeLater(
        () -> {
          Files.deleteIfExists(cert);
          Files.deleteIfExists(key);
          Files.deleteIfExists(dir);
        });
    TlsMaterial material =
        TlsMaterial.of(
            SelfSignedCertificate.generate("tls-it", List.of(NetNs.HOST_A), Duration.ofDays(1)));
    material.write(cert, key);
    RunningNode tls =
        start(
            driver,
            NetNs.HOST_A,
            Map.of("node.tlsCertFile", cert.toString(), "node.tlsKeyFile", key.toString()));
    RunningNode plain = start(driver, NetNs.HOST_B, Map.of());
    String origin = "https://" + NetNs.HOST_A + ":" + tls.httpPort();
    Cdp browser =
        driver.chromium(
            Chromium.Options.defaults()
                .flag("--ignore-certificate-errors-spki-list=" + material.spkiSha256Base64()));
    Duration step = driver.budget(Duration.ofSeconds(20));
    Duration media = driver.budget(Duration.ofSeconds(30));
    JsonObject out = new JsonObject().put("startedMs", ms(t0));

    Page alice = DemoPageScenario.join(browser, origin, "alice", "Alice", step);
    Page bob = DemoPageScenario.join(browser, origin, "bob", "Bob", step);
    out.put(
        "aliceContext",
        alice.evaluateObject(
            "({protocol: location.protocol, secure: isSecureContext,"
                + " mediaDevices: typeof navigator.mediaDevices})",
            step));
    alice.waitFor(DemoPageScenario.REMOTE_VIDEO, media, POLL);
    bob.waitFor(DemoPageScenario.REMOTE_VIDEO, media, POLL);
    out.put("alice", DemoPageScenario.summary(alice, step))
        .put("bob", DemoPageScenario.summary(bob, step));
    out.put("callMs", ms(t0));

    Page carol = browser.newPage("carol", true);
    carol.navigate("http://" + NetNs.HOST_B + ":" + plain.httpPort() + "/", step);
    carol.waitFor("!!window.demo", step, POLL);
    out.put(
        "plainContext",
        carol.evaluateObject(
            "(async () => { const r = {protocol: location.protocol,"
                + " secure: isSecureContext, mediaDevices: typeof navigator.mediaDevices};"
                + " try { const s = await navigator.mediaDevices.getUserMedia({audio: true, video: true});"
                + " r.camera = 'granted'; s.getTracks().forEach(t => t.stop()); } catch (e) { r.camera = e.name || String(e); }"
                + " return r; })()",
            step));
    return out.put("scenarioMs", ms(t0));
  }

  private static RunningNode start(BrowserDriver driver, String host, Map<String, String> extra)
      throws Exception {
    Map<String, String> config =
        new HashMap<>(
            Map.of(
                "node.httpHost",
                host,
                "node.httpPort",
                "0",
                "media.bindAddress",
                host,
                "media.advertisedAddresses",
                host,
                "media.port",
                "0"));
    config.putAll(extra);
    RunningNode node = Launcher.start(Config.of(config)).await(30, TimeUnit.SECONDS);
    driver.closeLater(() -> node.stop().await(20, TimeUnit.SECONDS));
    return node;
  }
}
