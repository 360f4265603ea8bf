package io.liveroom.media.engine;

import io.liveroom.media.MediaConfig;
import io.liveroom.media.MediaConnectivityConfig;
import io.liveroom.media.sdp.NegotiatedMedia;
import io.liveroom.media.sdp.SdpAnswer;
import io.liveroom.media.transport.DtlsCertificate;
import io.liveroom.media.transport.IceTcpCandidates;
import io.liveroom.media.transport.IceTcpServer;
import io.liveroom.media.transport.IceTransport;
import io.liveroom.media.transport.MediaSendSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.HostCandidateHarvester;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;

/**
 * What a media node listens on and advertises: the one UDP port every peer shares (an ice4j
 * single-port harvester), the passive ICE-TCP listener when on, the host candidates and the DTLS
 * certificate that every answer names. With {@code sendSockets} > 0, also the forwarding threads'
 * own send sockets on that port ({@link MediaSendSocket}), bound before ice4j's; if the system
 * refuses to share the port, the node runs without them (every packet through ice4j) and says so.
 */
final class NodeSockets implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NodeSockets.class.getName());
  final SinglePortUdpHarvester harvester;

  /** One per forwarding thread, or empty. */
  final List<MediaSendSocket> sendSockets;

  /** The passive ICE-TCP candidate's listener, null when ICE-TCP is off. */
  private final IceTcpServer tcpServer;

  final List<InetSocketAddress> candidates;
  final DtlsCertificate certificate = DtlsCertificate.generate("liveroom-media");

  NodeSockets(MediaConfig config, MediaConnectivityConfig connectivity, int sendSockets)
      throws IOException {
    InetAddress bind = InetAddress.getByName(config.bindAddress());
    List<MediaSendSocket> senders =
        bindSendSockets(bind, config.port(), sendSockets, connectivity.batchedSend());
    SinglePortUdpHarvester udp;
    try {
      int udpPort = senders.isEmpty() ? config.port() : senders.get(0).port();
      udp = new SinglePortUdpHarvester(new TransportAddress(bind, udpPort, Transport.UDP));
    } catch (IOException e) {
      if (senders.isEmpty()) {
        throw e;
      }
      senders.forEach(MediaSendSocket::close);
      senders = List.of();
      LOG.log(System.Logger.Level.WARNING, "media port not shareable, sending through ICE: " + e);
      udp = new SinglePortUdpHarvester(new TransportAddress(bind, config.port(), Transport.UDP));
    }
    this.harvester = udp;
    this.sendSockets = senders;
    int port = harvester.getLocalAddress().getPort();
    List<InetSocketAddress> list = new ArrayList<>();
    for (String address : config.advertisedAddresses()) {
      list.add(new InetSocketAddress(InetAddress.getByName(address), port));
    }
    if (list.isEmpty() && bind.isAnyLocalAddress()) {
      HostCandidateHarvester.getAllAllowedAddresses()
          .forEach(a -> list.add(new InetSocketAddress(a, port)));
    }
    if (list.isEmpty()) {
      list.add(new InetSocketAddress(bind, port));
    }
    this.candidates = List.copyOf(list);
    IceTcpServer tcp = null;
    if (connectivity.tcpEnabled()) {
      try {
        tcp = IceTcpServer.start(bind, connectivity.tcpPort());
      } catch (IOException e) {
        harvester.close();
        throw e;
      }
    }
    this.tcpServer = tcp;
  }

  private static List<MediaSendSocket> bindSendSockets(
      InetAddress bind, int port, int count, boolean batched) {
    List<MediaSendSocket> list = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        list.add(MediaSendSocket.bind(bind, list.isEmpty() ? port : list.get(0).port(), batched));
      }
      if (batched && !list.isEmpty() && !list.get(0).batched()) {
        LOG.log(
            System.Logger.Level.INFO,
            "media.batchedSend: one send per datagram here ("
                + MediaSendSocket.batchingUnavailable()
                + ")");
      }
      return list;
    } catch (IOException e) {
      list.forEach(MediaSendSocket::close);
      LOG.log(System.Logger.Level.WARNING, "no own send sockets, sending through ICE: " + e);
      return List.of();
    }
  }

  /** The bound UDP port. */
  int port() {
    return harvester.getLocalAddress().getPort();
  }

  /** The bound ICE-TCP port, or -1 when ICE-TCP is off. */
  int tcpPort() {
    return tcpServer == null ? -1 : tcpServer.port();
  }

  /** The answer for {@code media} over {@code ice}: host UDP candidates, plus ICE-TCP when on. */
  String answer(IceTransport ice, List<NegotiatedMedia> media) {
    String answer =
        SdpAnswer.build(
            new SdpAnswer.LocalTransport(
                ice.localUfrag(), ice.localPassword(), certificate.fingerprintSha256(), candidates),
            media);
    return tcpServer == null
        ? answer
        : IceTcpCandidates.addTo(answer, candidates, tcpServer.port());
  }

  /**
   * Lets ICE-TCP connections naming {@code localUfrag} reach {@code peer} (nothing when ICE-TCP is
   * off).
   */
  void registerTcp(String localUfrag, Peer peer) {
    if (tcpServer != null) {
      tcpServer.register(localUfrag, peer);
    }
  }

  void unregisterTcp(String localUfrag) {
    if (tcpServer != null && localUfrag != null) {
      tcpServer.unregister(localUfrag);
    }
  }

  @Override
  public String toString() {
    return "udp "
        + harvester.getLocalAddress()
        + (tcpServer == null ? "" : ", ICE-TCP port " + tcpServer.port())
        + ", candidates "
        + candidates;
  }

  @Override
  public void close() {
    harvester.close();
    sendSockets.forEach(MediaSendSocket::close);
    if (tcpServer != null) {
      tcpServer.close();
    }
  }
}
