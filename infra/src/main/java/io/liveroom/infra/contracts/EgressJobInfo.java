package io.liveroom.infra.contracts;

import io.liveroom.infra.store.EgressJobRecord;

/** An egress job's record as its node last wrote it. */
public record EgressJobInfo(EgressJobRecord job) {}
