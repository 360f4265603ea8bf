package io.liveroom.media.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * A host candidate on 127.0.0.1 (ice4j's own host harvester skips loopback), or on the address of
 * the system property {@code sfubench.bind} (the SFU load tool inside a network namespace).
 */
final class LoopbackHostHarvester implements CandidateHarvester {
  /** The address test clients bind and announce. */
  static final InetAddress ADDRESS = bindAddress();

  private final HarvestStatistics statistics = new HarvestStatistics();
  private volatile HostCandidate candidate;

  @Override
  public Collection<LocalCandidate> harvest(Component component) {
    try {
      IceUdpSocketWrapper socket =
          new IceUdpSocketWrapper(new MultiplexingDatagramSocket(0, ADDRESS));
      HostCandidate host = new HostCandidate(socket, component, Transport.UDP);
      component.addLocalCandidate(host);
      host.getStunStack().addSocket(host.getStunSocket(null));
      if (component.getComponentSocket() != null) {
        component.getComponentSocket().add(socket);
      }
      candidate = host;
      return List.of(host);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InetAddress bindAddress() {
    String a = System.getProperty("sfubench.bind");
    try {
      return a == null || a.isBlank() ? InetAddress.getLoopbackAddress() : InetAddress.getByName(a);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return candidate.getTransportAddress().getPort();
  }

  @Override
  public HarvestStatistics getHarvestStatistics() {
    return statistics;
  }

  @Override
  public boolean isHostHarvester() {
    return true;
  }
}
