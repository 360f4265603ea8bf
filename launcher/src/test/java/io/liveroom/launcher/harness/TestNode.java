package io.liveroom.launcher.harness;

import io.liveroom.launcher.RunningNode;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-process single-process node ({@link TestNodes#start}: loopback, free ports, the test's own
 * settings) plus a Vert.x instance for its clients, for the tests of one class (LiveKit's {@code
 * setupSingleNodeTest}). Declare it as a static {@code @RegisterExtension} field; the node is up
 * before the class's {@code @BeforeAll} methods run and stopped after its {@code @AfterAll}
 * methods.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestNode NODE = new TestNode("gateway.reconnectGraceMs=300");
 * ... TestClient.connect(NODE.vertx(), NODE.port()) ...
 * }</pre>
 */
public final class TestNode implements BeforeAllCallback, AfterAllCallback {
  private final Map<String, String> settings;
  private RunningNode node;
  private Vertx vertx;

  public TestNode(Map<String, String> settings) {
    this.settings = Map.copyOf(settings);
  }

  /** The settings as {@code section.key=value}, one a string, as {@code --set} takes them. */
  public TestNode(String... settings) {
    this(parse(settings));
  }

  private static Map<String, String> parse(String... settings) {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("not section.key=value: " + setting);
      }
      parsed.put(setting.substring(0, eq), setting.substring(eq + 1));
    }
    return parsed;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    node = TestNodes.start(settings);
    vertx = Vertx.vertx();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (vertx != null) {
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    } finally {
      if (node != null) {
        node.stop().await(20, TimeUnit.SECONDS);
      }
    }
  }

  public RunningNode node() {
    return node;
  }

  /** The node's HTTP (and WebSocket) port on 127.0.0.1. */
  public int port() {
    return node.httpPort();
  }

  /** The Vert.x instance for the test's clients, closed before the node stops. */
  public Vertx vertx() {
    return vertx;
  }

  /** A new WebSocket client connected to the node. */
  public TestClient connect() {
    return TestClient.connect(vertx, port());
  }
}
