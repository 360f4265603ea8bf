package io.liveroom.infra.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.liveroom.infra.config.Config;

/**
 * Logback's configuration until {@link Logging#configure} runs (and in tests and tools that never
 * call it): the bundled {@code log} defaults, without a node id. Found by Logback through {@code
 * META-INF/services}, ahead of any {@code logback.xml}.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    Logging.apply(context, LogConfig.from(Config.defaults()), null);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
