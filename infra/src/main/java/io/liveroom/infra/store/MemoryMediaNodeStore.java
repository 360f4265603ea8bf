package io.liveroom.infra.store;

import java.util.function.LongSupplier;

/** The media-node registry in this process's memory. Thread-safe. */
public final class MemoryMediaNodeStore extends MemoryLeasedRegistry<MediaNodeRecord>
    implements MediaNodeStore {
  public MemoryMediaNodeStore(LongSupplier clock) {
    super(clock, MediaNodeRecord::nodeId);
  }
}
