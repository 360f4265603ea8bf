package io.liveroom.infra.metrics;

import io.liveroom.infra.contracts.Addresses;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * This process's meters: a Prometheus registry when {@code metrics.enabled}, else a registry that
 * keeps nothing (every meter a no-op, so instrumented code needs no checks). Every meter carries
 * the tag {@code node} (the node id). Parts that only know their counters at scrape time register a
 * hook ({@link #beforeScrape}) that runs before each scrape.
 */
public final class NodeMetrics {
  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final MetricsConfig config;
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

  private NodeMetrics(
      MetricsConfig config, PrometheusMeterRegistry prometheus, MeterRegistry registry) {
    this.config = config;
    this.prometheus = prometheus;
    this.registry = registry;
  }

  public static NodeMetrics create(MetricsConfig config, String nodeId) {
    if (!config.enabled()) {
      return disabled();
    }
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    prometheus.config().commonTags("node", nodeId);
    return new NodeMetrics(config, prometheus, prometheus);
  }

  /** Keeps nothing and serves nothing. */
  public static NodeMetrics disabled() {
    return new NodeMetrics(new MetricsConfig(false, "", false), null, new CompositeMeterRegistry());
  }

  public boolean enabled() {
    return prometheus != null;
  }

  public MetricsConfig config() {
    return config;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Runs {@code hook} before every scrape (on the scraping thread); for meters discovered late. */
  public void beforeScrape(Runnable hook) {
    beforeScrape.add(hook);
  }

  /** Every meter in the Prometheus text format (0.0.4); empty when disabled. */
  public String scrape() {
    if (prometheus == null) {
      return "";
    }
    beforeScrape.forEach(Runnable::run);
    return prometheus.scrape();
  }

  /**
   * Turns on Vert.x's own metrics (HTTP server, event bus, pools, JVM) into this registry, with
   * labels of bounded cardinality: no paths or remote addresses, and event-bus addresses that end
   * in an id (a room, a gateway, a media node) reported by their prefix ({@link
   * Addresses#metricName}).
   */
  public VertxOptions configure(VertxOptions options) {
    if (prometheus == null || !config.vertx()) {
      return options;
    }
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(
                EnumSet.of(
                    Label.EB_ADDRESS,
                    Label.EB_SIDE,
                    Label.EB_FAILURE,
                    Label.HTTP_METHOD,
                    Label.HTTP_CODE,
                    Label.POOL_TYPE,
                    Label.POOL_NAME,
                    Label.NAMESPACE));
    List<String> prefixes = new ArrayList<>(Addresses.WITH_ID_SUFFIX);
    prefixes.add("__vertx.reply.");
    for (String prefix : prefixes) {
      metrics.addLabelMatch(
          new Match()
              .setDomain(MetricsDomain.EVENT_BUS)
              .setLabel(Label.EB_ADDRESS.toString())
              .setType(MatchType.REGEX)
              .setValue(Pattern.quote(prefix) + ".*")
              .setAlias(Addresses.metricName(prefix)));
    }
    return options.setMetricsOptions(metrics);
  }

  /** Hands Vert.x this registry (when {@link #configure} turned its metrics on). */
  public VertxBuilder withVertxMetrics(VertxBuilder builder) {
    return prometheus == null || !config.vertx()
        ? builder
        : builder.withMetrics(new MicrometerMetricsFactory(registry));
  }
}
