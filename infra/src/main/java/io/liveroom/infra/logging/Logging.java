package io.liveroom.infra.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One logging backend for the whole process: Logback, configured here from {@link LogConfig} (no
 * {@code logback.xml}). SLF4J users (Vert.x, Netty, Hazelcast with {@code
 * hazelcast.logging.type=slf4j}) log to it directly; {@code java.util.logging} and {@code
 * System.Logger} (ice4j, jitsi, the JDK) through the {@code jul-to-slf4j} bridge, with Logback's
 * levels propagated to JUL so disabled levels cost nothing there. Every event goes to standard
 * output in the configured format.
 */
public final class Logging {
  private static final String VERTX_LOG_FACTORY = "vertx.logger-delegate-factory-class-name";

  private Logging() {}

  /** Reconfigures the process's logging; {@code nodeId} goes into every line. */
  public static void configure(LogConfig config, String nodeId) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context, config, nodeId);
    }
  }

  /**
   * Resets {@code context} to {@code config}: one console appender in its format, the root and
   * per-logger levels.
   */
  static void apply(LoggerContext context, LogConfig config, String nodeId) {
    System.setProperty(VERTX_LOG_FACTORY, "io.vertx.core.logging.SLF4JLogDelegateFactory");
    context.reset();
    LevelChangePropagator propagator = new LevelChangePropagator();
    propagator.setContext(context);
    propagator.setResetJUL(true);
    propagator.start();
    context.addListener(propagator);
    Layout<ILoggingEvent> layout =
        config.format() == LogConfig.Format.JSON ? new JsonLayout(nodeId) : new TextLayout(nodeId);
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(config.level()));
    root.addAppender(console);
    config
        .levels()
        .forEach((name, level) -> context.getLogger(name).setLevel(Level.toLevel(level)));
    bridgeJul();
  }

  /**
   * Sends {@code java.util.logging} (and so {@code System.Logger}) to SLF4J instead of JUL's
   * console handler.
   */
  private static synchronized void bridgeJul() {
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
