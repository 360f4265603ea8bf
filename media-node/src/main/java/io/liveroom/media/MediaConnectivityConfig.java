package io.liveroom.media;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;

/**
 * How clients reach a media node besides its UDP port, and what it reports about their audio
 * (section {@code media}).
 *
 * @param tcpEnabled whether answers carry a passive ICE-TCP candidate (RFC 6544) on {@code
 *     tcpPort}, for clients on networks that block UDP
 * @param tcpPort the node's ICE-TCP listening port (0 = ephemeral, for tests); it binds on the same
 *     address as the UDP port. Configured as -1 (the default) it is the UDP port's number, so a
 *     node on an ephemeral UDP port (tests, several nodes on one host) gets an ephemeral TCP port
 *     too
 * @param audioLevelIntervalMs how often, at most, the node reports the publishers' audio levels
 *     (RFC 6464 ssrc-audio-level) of each stream; 0 = never
 * @param batchedSend whether forwarding threads hand each pass's datagrams to the kernel with one
 *     {@code sendmmsg(2)} (64-bit Linux; elsewhere, or false, one send per datagram)
 */
public record MediaConnectivityConfig(
    boolean tcpEnabled, int tcpPort, long audioLevelIntervalMs, boolean batchedSend) {
  /**
   * For engines started without a node config (tests, tools): ICE-TCP on an ephemeral port, levels
   * every 200 ms.
   */
  public static final MediaConnectivityConfig EPHEMERAL =
      new MediaConnectivityConfig(true, 0, 200, true);

  public static MediaConnectivityConfig from(Config config) {
    ConfigSection s = config.section(MediaConfig.SECTION);
    int tcpPort = s.getInt("tcpPort", -1, 65535);
    return new MediaConnectivityConfig(
        s.getBoolean("tcpEnabled"),
        tcpPort >= 0 ? tcpPort : s.getInt("port", 0, 65535),
        s.getLong("audioLevelIntervalMs", 0, 60_000),
        s.getBoolean("batchedSend"));
  }
}
