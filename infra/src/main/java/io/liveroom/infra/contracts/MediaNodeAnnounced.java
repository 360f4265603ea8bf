package io.liveroom.infra.contracts;

/**
 * A media node is alive, with its load; published every few seconds on
 * {@link Addresses#MEDIA_NODE_ANNOUNCED}. Room-service places rooms on the live nodes.
 */
public record MediaNodeAnnounced(String nodeId, int streams, int players, long announcedAt) {}
