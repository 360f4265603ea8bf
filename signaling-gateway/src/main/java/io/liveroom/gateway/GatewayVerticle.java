package io.liveroom.gateway;

import io.liveroom.gateway.fanout.RoomFanout;
import io.liveroom.gateway.http.AdminApi;
import io.liveroom.gateway.http.DevTokenRoute;
import io.liveroom.gateway.http.EgressRoutes;
import io.liveroom.gateway.http.EventsRoute;
import io.liveroom.gateway.http.HttpText;
import io.liveroom.gateway.http.WebRoot;
import io.liveroom.gateway.http.WhipRoutes;
import io.liveroom.gateway.requests.ChatRequests;
import io.liveroom.gateway.requests.MediaRequests;
import io.liveroom.gateway.requests.RoomRequests;
import io.liveroom.gateway.requests.StreamRequests;
import io.liveroom.gateway.session.HeldSeats;
import io.liveroom.gateway.session.PendingLeaves;
import io.liveroom.gateway.session.PresenceReporter;
import io.liveroom.gateway.session.SeatTokens;
import io.liveroom.gateway.session.Seating;
import io.liveroom.gateway.session.ServerCommands;
import io.liveroom.gateway.session.Session;
import io.liveroom.gateway.session.SessionLifecycle;
import io.liveroom.gateway.session.SessionRegistry;
import io.liveroom.gateway.session.SessionResume;
import io.liveroom.gateway.session.StoreRecovery;
import io.liveroom.gateway.ws.ClientHandler;
import io.liveroom.gateway.ws.ClientSocket;
import io.liveroom.gateway.ws.CloseCodes;
import io.liveroom.gateway.ws.ConnectionRateLimiter;
import io.liveroom.gateway.ws.WebSocketUpgrade;
import io.liveroom.infra.auth.AuthConfig;
import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.cluster.Node;
import io.liveroom.infra.config.EventsConfig;
import io.liveroom.infra.contracts.Addresses;
import io.liveroom.infra.health.HealthRoutes;
import io.liveroom.infra.http.AccessLog;
import io.liveroom.infra.http.HttpConnections;
import io.liveroom.infra.http.HttpLimits;
import io.liveroom.infra.logging.LogConfig;
import io.liveroom.infra.metrics.MetricsRoute;
import io.liveroom.infra.store.EgressEvents;
import io.liveroom.infra.store.EventLog;
import io.liveroom.infra.tls.ServerTls;
import io.liveroom.infra.tls.TlsConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.util.List;

/**
 * The edge: the WebSocket client protocol on {@code /ws}, the admin API under {@code /v1}, the dev
 * token route, health and readiness, and the browser SDK and demo pages ({@link WebRoot}). Holds
 * the sessions of this node ({@link SessionRegistry}); everything else is asked of the services
 * over the event bus.
 */
public final class GatewayVerticle extends VerticleBase {
  /** How long a close handshake the server started waits for the client's close frame. */
  static final long CLOSE_HANDSHAKE_MS = 5_000;

  private final Node node;
  private final GatewayConfig config;
  private final AuthConfig auth;
  private final HttpLimits http;
  private SessionRegistry sessions;
  private HttpServer server;
  private RoomRequests rooms;
  private SessionLifecycle lifecycle;
  private ClientHandler clients;
  private PresenceReporter presence;
  private SeatTokens seatTokens;
  private Router router;

  public GatewayVerticle(Node node) {
    this.node = node;
    this.config = GatewayConfig.from(node.config());
    this.auth = AuthConfig.from(node.config());
    this.http = HttpLimits.from(node.config());
  }

  @Override
  public Future<?> start() {
    TokenService tokens = new TokenService(auth);
    GatewayMetrics metrics = new GatewayMetrics(node.metrics().registry());
    RoomFanout fanout = new RoomFanout(vertx, config, metrics);
    sessions = new SessionRegistry(fanout);
    PendingLeaves leaves = new PendingLeaves(vertx, node.bus());
    GatewayNode gateway = new GatewayNode(vertx, node.id(), node.bus(), config, tokens);
    rooms = new RoomRequests(gateway, sessions, fanout, leaves);
    Seating seating = new Seating(sessions, fanout, leaves);
    lifecycle = new SessionLifecycle(gateway, node.stores().sessions(), seating, rooms);
    clients = new ClientHandler(config);
    rooms.register(clients);
    MediaRequests media = new MediaRequests(node.bus(), config, sessions);
    media.register(clients);
    sessions.onLeftRoom(media::leftRoom);
    ServerCommands serverCommands = new ServerCommands(sessions, media);
    new StreamRequests(node.id(), node.bus(), config, tokens, media).register(clients);
    ChatRequests chat = new ChatRequests(node.bus(), config, metrics);
    chat.register(clients);
    GatewayControl control = new GatewayControl(sessions, rooms, chat, lifecycle, serverCommands);
    presence =
        new PresenceReporter(vertx, node.id(), node.bus(), fanout, lifecycle::parked, config);
    fanout.onMembershipChange(presence::changed);
    clients.observe(metrics::requested);
    GatewayMeters.bind(metrics, sessions, lifecycle, fanout, presence);
    HeldSeats held = new HeldSeats(sessions, lifecycle, media);
    StoreRecovery recovery = new StoreRecovery(gateway, seating, rooms, held);
    presence.onLeaseLost(recovery::leaseLost);
    SessionResume resume = new SessionResume(gateway, sessions, fanout, lifecycle);
    clients.handle("resume", resume::resume);
    vertx.setPeriodic(config.heartbeatIntervalMs(), t -> lifecycle.sweep());
    TokenExpiryConfig tokenExpiry = TokenExpiryConfig.from(node.config());
    seatTokens = new SeatTokens(tokenExpiry, tokens, config, System::currentTimeMillis);
    seatTokens.register(clients);
    vertx.setPeriodic(tokenExpiry.checkMs(), t -> seatTokens.sweep(sessions.snapshot(), rooms));

    router = Router.router(vertx);
    router.route().handler(new AccessLog(LogConfig.from(node.config()))::handle);
    router.route().handler(HttpText::requireValidUri);
    HealthRoutes.mount(router, node.status());
    MetricsRoute.mount(router, node.metrics());
    DevTokenRoute.mount(router, tokens, auth);
    HttpConnections connections = new HttpConnections(http);
    connections.register(node.metrics().registry());
    new AdminApi(node.bus(), tokens, config, http).mount(router);
    EventLog events = node.stores().events(EventsConfig.from(node.config()));
    new EventsRoute(events, config.adminMaxPageSize(), HttpText::json, AdminApi::fail)
        .mount(router);
    new EgressRoutes(
            node.bus(), node.stores().egress(), new EgressEvents(events), node.config(), tokens)
        .mount(router);
    router
        .get("/v1/connections")
        .handler(ctx -> HttpText.json(ctx, connections.stats().put("gatewayID", node.id())));
    WhipRoutes whip = new WhipRoutes(node.id(), node.bus(), tokens, media, config);
    whip.mount(router, http.whipMaxBodyBytes());
    held.addSeats(whip::seats);
    WebRoot.mount(router);
    // Strict thread mode: every HTTP response is written on this verticle's event loop, so Vert.x
    // writes it straight to the channel instead of giving each connection its own MPSC queue
    // (a 4 KiB array per connection, which a 10,000-connection join storm had to allocate and
    // promote).
    // HTTP/1.1 only (no h2c): every connection gets its deadlines and per-address cap at the
    // accept.
    // node.tlsCertFile/tlsKeyFile: HTTPS and WSS (still HTTP/1.1), certificates reloaded when the
    // files change
    ServerTls tls = new ServerTls(vertx, TlsConfig.from(node.config()), http);
    server =
        vertx
            .createHttpServer(
                tls.apply(
                    new HttpServerOptions()
                        .setHost(node.node().httpHost())
                        .setPort(node.node().httpPort())
                        .setStrictThreadMode(true)
                        .setHttp2ClearTextEnabled(false)))
            .connectionHandler(connections::accept)
            .requestHandler(
                request -> {
                  // the client socket skips the router: join storms open thousands of these per
                  // second
                  if ("/ws".equals(request.path()) && request.method() == HttpMethod.GET) {
                    upgrade(request);
                  } else {
                    router.handle(request);
                  }
                });
    return Future.join(
            vertx
                .eventBus()
                .consumer(Addresses.gatewaySessionControl(node.id()), control::handle)
                .completion(),
            vertx
                .eventBus()
                .localConsumer(
                    Addresses.STORE_RESET,
                    m -> {
                      recovery.storeReset();
                      presence.changed();
                    })
                .completion(),
            media.listen(),
            server.listen().onSuccess(tls::watch))
        .onSuccess(v -> presence.start());
  }

  /** The routes of the HTTP router (the API document's test checks them against it). */
  public List<Route> routes() {
    return router.getRoutes();
  }

  /** The port the gateway listens on (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  /**
   * Frames up to twice {@code gateway.maxFrameBytes} are read and answered with FRAME_TOO_LARGE;
   * larger ones close (1009).
   */
  private void upgrade(HttpServerRequest request) {
    WebSocketUpgrade.accept(request, config.maxFrameBytes() * 2, CLOSE_HANDSHAKE_MS, this::accept);
  }

  private void accept(ClientSocket socket) {
    Session session =
        new Session(
            Session.Identity.fresh(),
            socket,
            new ConnectionRateLimiter(
                config.requestsPerSecond(), config.requestBurst(), System.currentTimeMillis()),
            seatTokens);
    sessions.add(session);
    socket
        .textHandler(text -> clients.onText(session, text))
        .binaryHandler(bytes -> clients.onBinary(session))
        .invalidTextHandler(bytes -> clients.onInvalidText(session))
        .pingHandler(v -> session.touch(System.currentTimeMillis()))
        .closeHandler(
            v -> {
              session.markClosed();
              sessions.disconnected(session);
              lifecycle.closed(session);
            });
    session.send(lifecycle.opened(session));
  }

  /**
   * Withdraws this gateway's presence (an empty lease report), stops accepting, takes every session
   * out of its rooms, then closes the sockets (1001).
   */
  @Override
  public Future<?> stop() {
    List<Session> open = sessions.snapshot();
    return presence
        .stop()
        .compose(v -> server.close())
        .compose(v -> Future.join(open.stream().map(s -> rooms.leaveAll(s)).toList()))
        .onComplete(
            ar -> open.forEach(s -> s.close(CloseCodes.GOING_AWAY, "server shutting down")));
  }
}
