/**
 * The launcher's test harness (LiveKit's {@code test/} with {@code setupSingleNodeTest} / {@code
 * setupMultiNodeTest}):
 *
 * <ul>
 *   <li>{@link io.liveroom.launcher.harness.TestNode}: one in-process node per test class (JUnit
 *       extension); {@link io.liveroom.launcher.harness.TestNodes} for a node a test starts itself.
 *   <li>{@link io.liveroom.launcher.harness.TestCluster}: N node JVMs from the jar on 127.0.0.1 in
 *       one Hazelcast cluster with a real redis-server (JUnit extension); {@link
 *       io.liveroom.launcher.harness.NodeProcess} is one such JVM.
 *   <li>Clients: {@link io.liveroom.launcher.harness.TestClient} (WebSocket, strict JSON), {@link
 *       io.liveroom.launcher.harness.Admin} (admin HTTP API), {@link
 *       io.liveroom.launcher.harness.RawHttp} (raw bytes), {@link
 *       io.liveroom.launcher.harness.TestTokens}, {@link io.liveroom.launcher.harness.Replies},
 *       {@link io.liveroom.launcher.harness.PrometheusText}, {@link
 *       io.liveroom.launcher.harness.MediaSession} (the Java WebRTC client through the gateway).
 *   <li>Browsers: infra's test-jar, {@code io.liveroom.infra.testing.browser} (a network namespace,
 *       headless Chromium over DevTools, shared with media-node's tests); {@link
 *       io.liveroom.launcher.harness.Scenarios} for this module's scenarios.
 * </ul>
 *
 * The tests themselves are grouped by what they check: {@code room}, {@code im}, {@code presence},
 * {@code media} (browsers, WHIP/WHEP, SDK), {@code ops} (HTTP limits, metrics, store outage, the
 * jar) and {@code cluster} (multi-JVM); tests of the launcher's own classes stay in {@code
 * io.liveroom.launcher}.
 */
package io.liveroom.launcher.harness;
