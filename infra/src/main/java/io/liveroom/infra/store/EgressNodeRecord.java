package io.liveroom.infra.store;

/**
 * One egress node's announcement: its id, how many jobs it takes and runs, and where it receives
 * RTP from media nodes ({@code rtpHost}).
 */
public record EgressNodeRecord(
    String nodeId, String rtpHost, int maxJobs, int jobs, boolean transcode, long announcedAt) {}
