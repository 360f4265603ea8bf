package io.liveroom.room.webhooks;

import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.EventsConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Webhook delivery on a room-service node: one {@link EndpointDeliverer} per configured URL, each
 * delivering only while this node holds the endpoint's lease. Deployed by the room role when {@code
 * webhooks.urls} is set.
 */
public final class WebhookVerticle extends VerticleBase {
  private final Node node;
  private final WebhookConfig config;
  private final List<EndpointDeliverer> deliverers = new ArrayList<>();
  private HttpClient client;

  public WebhookVerticle(Node node) {
    this.node = node;
    this.config = WebhookConfig.from(node.config());
  }

  @Override
  public Future<?> start() {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    client =
        vertx.createHttpClient(
            new HttpClientOptions().setConnectTimeout((int) config.timeoutMs()).setKeepAlive(true));
    String owner = node.id() + "/" + UUID.randomUUID();
    WebhookMeters meters = new WebhookMeters(node.metrics().registry());
    Backoff backoff =
        new Backoff(Math.min(config.maxRetryMs(), 30_000), ThreadLocalRandom.current());
    for (String url : config.urls()) {
      EndpointDeliverer d =
          new EndpointDeliverer(
              vertx,
              url,
              node.stores().events(EventsConfig.from(node.config())),
              node.stores().deliveryCursors(),
              owner,
              config,
              sender(url),
              backoff,
              meters.endpoint(url),
              System::currentTimeMillis);
      deliverers.add(d);
      d.start();
    }
    return Future.succeededFuture();
  }

  /**
   * A POST of a signed batch to {@code url}; yields the status once the response body has been
   * read.
   */
  private EndpointDeliverer.Sender sender(String url) {
    return (Buffer body, long timestamp, String signature) ->
        client
            .request(
                new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setAbsoluteURI(url)
                    .setTimeout(config.timeoutMs())
                    .putHeader("Content-Type", "application/json")
                    .putHeader(WebhookSigner.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .putHeader(WebhookSigner.SIGNATURE_HEADER, signature))
            .compose(request -> request.send(body))
            .compose(response -> response.body().map(b -> response.statusCode()));
  }

  /** The deliverers (tests: who holds which lease). */
  public List<EndpointDeliverer> deliverers() {
    return List.copyOf(deliverers);
  }

  @Override
  public Future<?> stop() {
    return Future.join(deliverers.stream().map(EndpointDeliverer::stop).toList())
        .compose(v -> client == null ? Future.succeededFuture() : client.close());
  }
}
