package io.liveroom.egress;

import io.liveroom.infra.contracts.Bus;
import io.vertx.core.Vertx;

/**
 * This egress node as its parts see it: the Vert.x instance, the bus to the other services, the
 * node's id (its jobs and announcements are registered under it) and the egress config.
 */
record EgressNode(Vertx vertx, Bus bus, String id, EgressConfig config) {}
