package io.liveroom.infra.contracts;

/**
 * Stops an egress job on the node running it (the file is finalized); replied with {@link
 * EgressJobInfo}.
 */
public record EgressStop(String jobId) {}
