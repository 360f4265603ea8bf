package io.liveroom.infra.contracts;

import java.util.List;

/** A media node's per-stream counters. */
public record MediaStats(String nodeId, List<MediaStreamStats> streams) {}
