package io.liveroom.gateway;

import io.liveroom.infra.auth.TokenService;
import io.liveroom.infra.contracts.Bus;
import io.vertx.core.Vertx;

/**
 * This gateway as its parts see it: the Vert.x instance whose event loop they share, the gateway's
 * id (sessions and streams are registered under it), the bus to the services, the gateway's config
 * and the token service.
 */
public record GatewayNode(
    Vertx vertx, String id, Bus bus, GatewayConfig config, TokenService tokens) {}
