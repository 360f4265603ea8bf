package io.liveroom.media;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;
import java.util.List;

/**
 * media-node settings (section {@code media}).
 *
 * @param port the node's single UDP port for ICE/DTLS/SRTP (0 = ephemeral, for tests)
 * @param bindAddress the address the UDP socket binds to ({@code 0.0.0.0} = all)
 * @param advertisedAddresses addresses put in SDP candidates; empty = the bind address, or every
 *     usable interface address when bound to all
 * @param maxBitrateBps the most a publisher is told it may send (REMB)
 * @param connectTimeoutMs a peer not connected (ICE + DTLS) by then is dropped
 * @param peerTimeoutMs a connected peer silent (no media, no consent) for this long is dropped
 * @param keyframeMinIntervalMs the least time between keyframe requests relayed to a publisher
 * @param nackCacheSize packets kept per source to answer NACKs
 * @param workerThreads forwarding threads (0 = one per CPU)
 * @param uplinkNack whether the node asks publishers (NACK) for packets lost on their uplink and
 *     accepts their RTX retransmissions
 * @param keyframeCacheBytes bytes kept per video source of its packets since its last keyframe,
 *     replayed to a player the moment it connects (0 = off: the player waits for its PLI's
 *     keyframe)
 * @param keyframeCacheMaxAgeMs a cached keyframe older than this is not replayed (PLI only)
 */
public record MediaConfig(
    int port,
    String bindAddress,
    List<String> advertisedAddresses,
    long maxBitrateBps,
    long connectTimeoutMs,
    long peerTimeoutMs,
    long keyframeMinIntervalMs,
    int nackCacheSize,
    int workerThreads,
    boolean uplinkNack,
    int keyframeCacheBytes,
    long keyframeCacheMaxAgeMs) {
  public static final String SECTION = "media";

  /** Defaults of the keyframe cache for the shorter constructors (tests). */
  public static final int DEFAULT_KEYFRAME_CACHE_BYTES = 262_144;

  public static final long DEFAULT_KEYFRAME_CACHE_MAX_AGE_MS = 2_000;

  public MediaConfig(
      int port,
      String bindAddress,
      List<String> advertisedAddresses,
      long maxBitrateBps,
      long connectTimeoutMs,
      long peerTimeoutMs,
      long keyframeMinIntervalMs,
      int nackCacheSize,
      int workerThreads,
      boolean uplinkNack) {
    this(
        port,
        bindAddress,
        advertisedAddresses,
        maxBitrateBps,
        connectTimeoutMs,
        peerTimeoutMs,
        keyframeMinIntervalMs,
        nackCacheSize,
        workerThreads,
        uplinkNack,
        DEFAULT_KEYFRAME_CACHE_BYTES,
        DEFAULT_KEYFRAME_CACHE_MAX_AGE_MS);
  }

  public MediaConfig(
      int port,
      String bindAddress,
      List<String> advertisedAddresses,
      long maxBitrateBps,
      long connectTimeoutMs,
      long peerTimeoutMs,
      long keyframeMinIntervalMs,
      int nackCacheSize,
      int workerThreads) {
    this(
        port,
        bindAddress,
        advertisedAddresses,
        maxBitrateBps,
        connectTimeoutMs,
        peerTimeoutMs,
        keyframeMinIntervalMs,
        nackCacheSize,
        workerThreads,
        true);
  }

  public static MediaConfig from(Config config) {
    ConfigSection s = config.section(SECTION);
    return new MediaConfig(
        s.getInt("port", 0, 65535),
        s.getNonBlank("bindAddress"),
        s.getList("advertisedAddresses"),
        s.getLong("maxBitrateBps", 100_000, 100_000_000),
        s.getLong("connectTimeoutMs", 1_000, 600_000),
        s.getLong("peerTimeoutMs", 1_000, 600_000),
        s.getLong("keyframeMinIntervalMs", 0, 60_000),
        s.getInt("nackCacheSize", 16, 65_536),
        s.getInt("workerThreads", 0, 1024),
        s.getBoolean("uplinkNack"),
        s.getInt("keyframeCacheBytes", 0, 16 << 20),
        s.getLong("keyframeCacheMaxAgeMs", 0, 60_000));
  }

  public int effectiveWorkerThreads() {
    return workerThreads > 0
        ? workerThreads
        : Math.max(1, Runtime.getRuntime().availableProcessors());
  }
}
