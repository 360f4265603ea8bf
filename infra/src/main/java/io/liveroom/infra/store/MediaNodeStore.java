package io.liveroom.infra.store;

import io.vertx.core.Future;
import java.util.List;

/**
 * The media-node registry shared by every room-service instance: each node announces itself every
 * few seconds under a lease; a node whose lease lapsed (it died) drops out.
 */
public interface MediaNodeStore {
  /** Records (replaces) the node's announcement, held for {@code leaseMs}. */
  Future<Void> announce(MediaNodeRecord node, long leaseMs);

  /** The nodes whose lease holds, by nodeId. */
  Future<List<MediaNodeRecord>> live();

  /** The node's announcement while its lease holds, else null. */
  Future<MediaNodeRecord> get(String nodeId);

  /** Withdraws the node at once (it shut down); returns whether it was listed. */
  Future<Boolean> remove(String nodeId);
}
