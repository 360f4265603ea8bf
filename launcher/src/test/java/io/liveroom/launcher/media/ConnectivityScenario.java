package io.liveroom.launcher.media;

import static io.liveroom.launcher.harness.Scenarios.ms;

import io.liveroom.infra.testing.browser.BrowserDriver;
import io.liveroom.infra.testing.browser.BrowserScenario;
import io.liveroom.infra.testing.browser.Cdp;
import io.liveroom.infra.testing.browser.Chromium;
import io.liveroom.infra.testing.browser.NetNs;
import io.liveroom.infra.testing.browser.Page;
import io.liveroom.launcher.RunningNode;
import io.liveroom.launcher.harness.Scenarios;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs inside the test's network namespace (see {@link ConnectivityIT}): a single-process node with
 * media on {@link NetNs#HOST_A} (UDP {@link #UDP_PORT}, ICE-TCP {@link #TCP_PORT}); three pages in
 * one Chromium use the SDK. alice publishes her fake camera and mic (Chromium's fake mic beeps),
 * bob plays it. Audio levels: bob's {@code soundLevelUpdate} events. ICE restart: nft drops every
 * UDP packet of bob's player connection (its candidate ports) and, for the phase, the node's
 * ICE-TCP port (Chrome would move to its backup TCP pair without a restart), and bob gets a new
 * address (10.99.0.3 on v1), as when a phone changes networks; the SDK restarts ICE and media
 * resumes on the same media-node peer; then the same for alice, the publisher, while bob keeps his
 * peer. ICE-TCP: nft drops UDP to the node's port from everyone but alice's and bob's current
 * sockets, then carol plays: she can only connect over ICE-TCP.
 */
public final class ConnectivityScenario implements BrowserScenario {
  static final int UDP_PORT = 41_000;
  static final int TCP_PORT = 41_001;
  static final String NEW_ADDRESS = "10.99.0.3";
  private static final Duration POLL = Duration.ofMillis(200);

  @Override
  public JsonObject run(BrowserDriver driver) throws Exception {
    long t0 = System.nanoTime();
    RunningNode node =
        Scenarios.startNode(
            driver,
            Map.of(
                "media.port", String.valueOf(UDP_PORT), "media.tcpPort", String.valueOf(TCP_PORT)));
    driver.closeLater(() -> nft("delete", "table", "inet", "lrtest"));
    String origin = Scenarios.origin(node);
    Cdp browser = driver.chromium(Chromium.Options.defaults().secureOrigin(origin));
    Duration step = driver.budget(Duration.ofSeconds(20));
    JsonObject out = new JsonObject();

    Page alice = page(browser, "alice", origin, step);
    Page bob = page(browser, "bob", origin, step);
    out.put("aliceLogin", alice.evaluate("t.login('net-room', 'alice')", step));
    out.put("bobLogin", bob.evaluate("t.login('net-room', 'bob')", step));
    out.put("alicePublish", alice.evaluate("t.publish('alice-cam')", step));
    Duration media = driver.budget(Duration.ofSeconds(30));
    alice.waitFor("t.first('publisherStateUpdate', r => r.state === 'PUBLISHING')", media, POLL);
    bob.waitFor(
        "t.first('roomStreamUpdate', (r, type, list) => type === 'ADD' && list.some(s => s.streamID"
            + " === 'alice-cam'))",
        step,
        POLL);
    out.put("bobPlay", bob.evaluate("t.play('alice-cam')", step));
    out.put(
        "bobReceives",
        bob.waitFor(
            "t.info('play', 'alice-cam').then(s => s.framesDecoded > 0 && s.audioPackets > 0"
                + " ? s : null)",
            media,
            Duration.ofMillis(250)));
    out.put("playingMs", ms(t0));

    // audio levels: the node reads alice's ssrc-audio-level; bob's SDK emits soundLevelUpdate
    if (!driver.args().getBoolean("skipAudioLevels", false)) {
      out.put(
          "soundLevels",
          bob.waitFor(
              "(() => { const l = t.timed('soundLevelUpdate').filter(x => x.args[0].some(s =>"
                  + " s.streamID === 'alice-cam' && s.soundLevel > 0)); return l.length >= 5 ? {count: l.length, first: l[0].args[0],"
                  + " max: Math.max(...l.map(x => x.args[0].find(s => s.streamID === 'alice-cam').soundLevel)),"
                  + " gaps: l.slice(1).map((x, i) => Math.round(x.at - l[i].at))} : null; })()",
              driver.budget(Duration.ofSeconds(15)),
              Duration.ofMillis(500)));
    }
    out.put("soundLevelEvents", bob.evaluate("t.timed('soundLevelUpdate').length", step));
    out.put("activeSpeakers", bob.evaluate("t.events('activeSpeakerUpdate')", step));

    // ICE restart: bob's player connection loses every path it had and bob gets a new address
    JsonObject before = bob.evaluateObject("t.info('play', 'alice-cam')", step);
    out.put("bobBefore", before);
    List<Integer> bobPorts = ports(before);
    bob.evaluate("t.sample('alice-cam')", step);
    Thread.sleep(500); // a few samples of steady playback before the cut
    bob.evaluate("t.mark('cut')", step);
    long cut = System.nanoTime();
    nft("add", "table", "inet", "lrtest");
    nft(
        "add",
        "chain",
        "inet",
        "lrtest",
        "out",
        "{ type filter hook output priority 0 ; policy accept ; }");
    String set =
        "{ " + bobPorts.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " }";
    nft("add", "rule", "inet", "lrtest", "out", "udp", "sport", set, "drop");
    nft("add", "rule", "inet", "lrtest", "out", "udp", "dport", set, "drop");
    // and the ICE-TCP path (Chrome keeps it as a backup pair and would move there without a
    // restart)
    nft(
        "add",
        "chain",
        "inet",
        "lrtest",
        "tcpblock",
        "{ type filter hook output priority 2 ; policy accept ; }");
    nft(
        "add",
        "rule",
        "inet",
        "lrtest",
        "tcpblock",
        "tcp",
        "dport",
        String.valueOf(TCP_PORT),
        "drop");
    nft(
        "add",
        "rule",
        "inet",
        "lrtest",
        "tcpblock",
        "tcp",
        "sport",
        String.valueOf(TCP_PORT),
        "drop");
    ip("addr", "add", NEW_ADDRESS + "/24", "dev", "v1");
    out.put("cutMs", ms(cut));
    Duration recovery = driver.budget(Duration.ofSeconds(30));
    try {
      out.put(
          "bobRestarted",
          bob.waitFor(
              "t.first('iceRestartUpdate', r => r.kind === 'play' && r.state !== 'RESTARTING')",
              recovery,
              Duration.ofMillis(100)));
    } catch (AssertionError e) {
      throw new AssertionError(
          e.getMessage()
              + "; bob's events "
              + bob.evaluate(
                  "JSON.stringify(t.log.filter(x => x.e !==" + " 'soundLevelUpdate'))", step)
              + " now "
              + bob.evaluate("t.info('play', 'alice-cam').then(JSON.stringify)", step)
              + " nft "
              + nft("list", "ruleset")
              + " ip "
              + ip("addr"),
          e);
    }
    out.put("restartedAfterCutMs", ms(cut));
    out.put(
        "bobResumed",
        bob.waitFor(
            "t.resumed('cut')", driver.budget(Duration.ofSeconds(15)), Duration.ofMillis(200)));
    JsonObject after = bob.evaluateObject("t.info('play', 'alice-cam')", step);
    out.put("bobAfter", after);
    long frames = after.getLong("framesDecoded");
    out.put(
        "bobDecodesAfterRestart",
        bob.waitFor(
            "t.info('play', 'alice-cam').then(s => s.framesDecoded > "
                + (frames + 30)
                + " ? s : null)",
            driver.budget(Duration.ofSeconds(15)),
            Duration.ofMillis(250)));
    out.put("bobRestartEvents", bob.evaluate("t.events('iceRestartUpdate').map(a => a[0])", step));
    out.put(
        "bobPlayerStates",
        bob.evaluate("t.events('playerStateUpdate').map(a => a[0].state)", step));
    out.put(
        "alicePublisherStates",
        alice.evaluate("t.events('publisherStateUpdate').map(a => a[0].state)", step));
    out.put("restartPhaseMs", ms(t0));

    // the publisher's turn: alice's UDP paths die too; her players keep their peers and get media
    // again
    JsonObject aliceBefore = alice.evaluateObject("t.info('publish', 'alice-cam')", step);
    List<Integer> alicePorts = ports(aliceBefore);
    String aliceSet =
        "{ " + alicePorts.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " }";
    long bobFramesBeforeAliceCut =
        bob.evaluateObject("t.info('play', 'alice-cam')", step).getLong("framesDecoded");
    long aliceCut = System.nanoTime();
    nft("add", "rule", "inet", "lrtest", "out", "udp", "sport", aliceSet, "drop");
    nft("add", "rule", "inet", "lrtest", "out", "udp", "dport", aliceSet, "drop");
    out.put(
        "aliceRestarted",
        alice.waitFor(
            "t.first('iceRestartUpdate', r => r.kind === 'publish' && r.state !== 'RESTARTING')",
            driver.budget(Duration.ofSeconds(30)),
            Duration.ofMillis(100)));
    out.put("aliceRestartedAfterCutMs", ms(aliceCut));
    out.put(
        "bobDecodesAfterAliceRestart",
        bob.waitFor(
            "t.info('play', 'alice-cam').then(s => s.framesDecoded > "
                + (bobFramesBeforeAliceCut + 60)
                + " ? s : null)",
            driver.budget(Duration.ofSeconds(20)),
            Duration.ofMillis(100)));
    out.put("bobFramesAgainAfterAliceCutMs", ms(aliceCut));
    out.put("aliceAfter", alice.evaluateObject("t.info('publish', 'alice-cam')", step));
    out.put(
        "alicePublisherStatesAfterRestart",
        alice.evaluate("t.events('publisherStateUpdate').map(a => a[0].state)", step));
    out.put(
        "bobPlayerStatesAfterAliceRestart",
        bob.evaluate("t.events('playerStateUpdate').map(a => a[0].state)", step));
    nft("flush", "chain", "inet", "lrtest", "tcpblock");
    nft("delete", "chain", "inet", "lrtest", "tcpblock");

    // ICE-TCP: UDP to the node's port is dropped for every socket but alice's and bob's current
    // ones
    List<Integer> keep =
        new ArrayList<>(ports(alice.evaluateObject("t.info('publish', 'alice-cam')", step)));
    keep.addAll(ports(bob.evaluateObject("t.info('play', 'alice-cam')", step)));
    nft(
        "add",
        "chain",
        "inet",
        "lrtest",
        "udpblock",
        "{ type filter hook output priority 1 ; policy accept ; }");
    nft(
        "add",
        "rule",
        "inet",
        "lrtest",
        "udpblock",
        "udp",
        "dport",
        String.valueOf(UDP_PORT),
        "udp",
        "sport",
        "!=",
        "{ " + keep.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " }",
        "drop");
    out.put("nftRules", nft("list", "table", "inet", "lrtest"));
    Page carol = page(browser, "carol", origin, step);
    out.put("carolLogin", carol.evaluate("t.login('net-room', 'carol')", step));
    carol.waitFor(
        "t.first('roomStreamUpdate', (r, type, list) => type === 'ADD' && list.some(s => s.streamID"
            + " === 'alice-cam'))",
        step,
        POLL);
    long play = System.nanoTime();
    out.put("carolPlay", carol.evaluate("t.play('alice-cam')", step));
    out.put(
        "carolReceives",
        carol.waitFor(
            "t.info('play', 'alice-cam').then(s => s.framesDecoded > 0 && s.audioPackets > 0"
                + " ? s : null)",
            driver.budget(Duration.ofSeconds(30)),
            Duration.ofMillis(100)));
    out.put("carolFirstFrameMs", ms(play));
    out.put(
        "carolConnectedMs",
        carol.evaluate(
            "t.first('playerStateUpdate', r => r.state === 'PLAYING') ? Math.round("
                + "t.log.find(x => x.e === 'playerStateUpdate' && x.args[0].state === 'PLAYING').at - t.marks().play) : null",
            step));
    out.put(
        "bobOffer", bob.evaluate("t.zg._players.get('alice-cam').pc.localDescription.sdp", step));
    out.put(
        "aliceOffer",
        alice.evaluate("t.zg._publishers.get('alice-cam').pc.localDescription.sdp", step));
    out.put("bobStillReceives", bob.evaluateObject("t.info('play', 'alice-cam')", step));
    return out.put("scenarioMs", ms(t0));
  }

  private static Page page(Cdp browser, String name, String origin, Duration step)
      throws Exception {
    Page page = browser.newPage(name, true);
    page.navigate(origin + "/health", step);
    page.evaluateObject(
        "import('/sdk/liveroom.js').then(m => { globalThis.LiveRoomEngine = m.default; return {}; })",
        step);
    page.addScript("browser/connectivity.js");
    return page;
  }

  private static List<Integer> ports(JsonObject info) {
    JsonArray ports = info.getJsonArray("localPorts", new JsonArray());
    List<Integer> list = new ArrayList<>();
    ports.forEach(p -> list.add(((Number) p).intValue()));
    if (list.isEmpty()) {
      throw new AssertionError("no local UDP candidates in " + info);
    }
    return list;
  }

  static String nft(String... args) {
    List<String> command = new ArrayList<>(List.of("nft"));
    command.addAll(List.of(args));
    return run(command);
  }

  static String ip(String... args) {
    List<String> command = new ArrayList<>(List.of(NetNs.ipBinary()));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " failed: " + text);
      }
      return text;
    } catch (IOException e) {
      throw new AssertionError(String.join(" ", command) + ": " + e + " (install nftables)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
