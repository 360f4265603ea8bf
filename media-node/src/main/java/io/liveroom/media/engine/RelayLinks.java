package io.liveroom.media.engine;

import io.liveroom.infra.contracts.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * This node's relay links (origin and edge sides, see docs/architecture.md "Cascade"): one UDP
 * socket on the media bind address, one receiver thread that unprotects what arrives and queues RTP
 * on the relayed stream's forwarding thread, and a once-a-second pass on the monitor thread
 * (keepalives, release of relays without players or without their peer). Media never passes the
 * event bus: the bus only carries {@link #prepare} / {@link #open} / {@link #complete}'s control.
 */
public final class RelayLinks implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RelayLinks.class.getName());

  /** A relay whose peer was not heard from for this long ends. */
  static final long SILENCE_MS = 5_000;

  /** An edge's relayed stream without players for this long ends. */
  static final long IDLE_MS = 3_000;

  /** What an edge sends the origin to open a relay. */
  public record Request(String streamId, String linkId, int edgeTag, byte[] keyingMaterial) {}

  /** What the origin answers. */
  public record Opened(String host, int port, int originTag, String publisherOffer) {}

  /**
   * Counters of one link, for metrics and the admin API; {@code layers}: the simulcast layers it
   * relays now, as {@code <stream>/<m-line>/<layer>}.
   */
  public record LinkStats(
      String linkId,
      String peerNodeId,
      boolean origin,
      int streams,
      long packetsSent,
      long bytesSent,
      long packetsReceived,
      long bytesReceived,
      long dropped,
      List<String> layers) {}

  final PeerLifecycle lifecycle;
  private final PeerAdmission admission;
  final DatagramChannel channel;
  private final InetSocketAddress advertised;
  private final Thread receiver;
  private final SecureRandom random = new SecureRandom();
  final Map<Integer, Object> byTag = new ConcurrentHashMap<>();
  private final Map<String, RelayLink> links = new ConcurrentHashMap<>();
  private final Map<String, RelayLink> toOrigin = new ConcurrentHashMap<>();
  private final Map<String, RelayIn> relayed = new ConcurrentHashMap<>();
  private final Map<Integer, RelayOut> outs = new ConcurrentHashMap<>();
  volatile boolean running = true;

  /** Told of each new link: its id, the other node, whether this node is its origin. */
  public interface LinkListener {
    void opened(String linkId, String peerNodeId, boolean origin);
  }

  private volatile LinkListener linkListener = (id, peer, origin) -> {};

  public void onNewLink(LinkListener listener) {
    this.linkListener = listener;
  }

  private void announce(RelayLink link) {
    try {
      linkListener.opened(link.id, link.peerNodeId, link.origin);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "relay link listener failed", e);
    }
  }

  RelayLinks(
      PeerLifecycle lifecycle,
      PeerAdmission admission,
      String bindAddress,
      InetAddress host,
      int port)
      throws IOException {
    this.lifecycle = lifecycle;
    this.admission = admission;
    this.channel = DatagramChannel.open();
    channel.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port));
    this.advertised =
        new InetSocketAddress(host, ((InetSocketAddress) channel.getLocalAddress()).getPort());
    this.receiver = new Thread(new RelayReceiver(this)::run, "media-relay-receive");
    receiver.setDaemon(true);
    receiver.start();
    lifecycle.monitor().scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /** Where the other nodes send to this node's relay socket. */
  public InetSocketAddress address() {
    return advertised;
  }

  /**
   * Edge side, step 1: null when {@code streamId} is relayed here from {@code originNodeId}
   * already, else the request for the origin (a new link to it when there is none).
   */
  public synchronized Request prepare(String streamId, String originNodeId) {
    RelayIn held = relayed.get(streamId);
    if (held != null && !held.ended && held.originNodeId.equals(originNodeId)) {
      return null;
    }
    RelayLink link = toOrigin.get(originNodeId);
    byte[] keys = null;
    if (link == null) {
      keys = new byte[RelayLink.keyingMaterialLength()];
      random.nextBytes(keys);
      link =
          new RelayLink(
              "link-" + Long.toHexString(random.nextLong()),
              originNodeId,
              false,
              keys,
              channel,
              null);
      links.put(link.id, link);
      toOrigin.put(originNodeId, link);
      announce(link);
    } else {
      keys = link.keyingMaterial;
    }
    return new Request(streamId, link.id, newTag(), keys);
  }

  /** Edge side, step 2: the origin opened the relay; the relayed stream starts forwarding. */
  public synchronized void complete(String originNodeId, Request request, Opened opened) {
    RelayLink link = toOrigin.get(originNodeId);
    if (link == null || !link.id.equals(request.linkId())) {
      throw ErrorCode.SERVICE_UNAVAILABLE.exception("the relay link closed while opening");
    }
    link.remote = new InetSocketAddress(opened.host(), opened.port());
    RelayIn in = new RelayIn(request.streamId(), originNodeId, link, request.edgeTag());
    in.originTag = opened.originTag();
    RelayIn old = relayed.get(request.streamId());
    if (old != null) {
      end(old, false);
    }
    in.stream = admission.relayed(request.streamId(), opened.publisherOffer(), in);
    relayed.put(request.streamId(), in);
    byTag.put(in.edgeTag, in);
    in.stream.worker.execute(
        () -> {
          in.stream.edgeLayers.update(System.currentTimeMillis()); // no layer until a player
          in.stream.requestKeyframe(true);
        });
  }

  /** Origin side: an edge asks for {@code stream}. */
  public Opened open(
      String streamId, String edgeNodeId, Request request, String edgeHost, int edgePort) {
    Stream stream = lifecycle.streams.get(streamId);
    if (stream == null || stream.publisher == null || stream.offerSdp == null) {
      throw ErrorCode.STREAM_NOT_FOUND.exception(
          "stream " + streamId + " is not published on this node");
    }
    RelayLink link;
    synchronized (this) {
      link = links.get(request.linkId());
      if (link == null) {
        link =
            new RelayLink(
                request.linkId(),
                edgeNodeId,
                true,
                request.keyingMaterial(),
                channel,
                new InetSocketAddress(edgeHost, edgePort));
        links.put(link.id, link);
        announce(link);
      }
    }
    RelayOut out = new RelayOut(stream, link, request.edgeTag(), newTag());
    byTag.put(out.originTag, out);
    outs.put(out.originTag, out);
    stream.worker.execute(() -> stream.relays.add(out));
    return new Opened(
        advertised.getAddress().getHostAddress(),
        advertised.getPort(),
        out.originTag,
        stream.offerSdp);
  }

  private int newTag() {
    int tag;
    do {
      tag = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
    } while (byTag.containsKey(tag));
    byTag.put(tag, Boolean.TRUE); // reserved until the relay takes it
    return tag;
  }

  /** Counters per link. */
  public List<LinkStats> stats() {
    List<LinkStats> out = new ArrayList<>();
    for (RelayLink l : links.values()) {
      int streams =
          l.origin
              ? (int) outs.values().stream().filter(o -> o.link == l && !o.closed).count()
              : (int) relayed.values().stream().filter(r -> r.link == l && !r.ended).count();
      List<String> layers = new ArrayList<>();
      outs.values().stream()
          .filter(o -> o.link == l && !o.closed)
          .forEach(o -> layers.addAll(o.relayedLayers()));
      relayed.values().stream()
          .filter(r -> r.link == l && !r.ended && r.stream != null)
          .forEach(r -> layers.addAll(r.stream.edgeLayers.describe(r.streamId)));
      out.add(
          new LinkStats(
              l.id,
              l.peerNodeId,
              l.origin,
              streams,
              l.packetsSent.sum(),
              l.bytesSent.sum(),
              l.packetsReceived.sum(),
              l.bytesReceived.sum(),
              l.dropped.sum(),
              List.copyOf(layers)));
    }
    return out;
  }

  /** The origin node of a stream relayed here, or null. */
  public String originOf(String streamId) {
    RelayIn in = relayed.get(streamId);
    return in == null || in.ended ? null : in.originNodeId;
  }

  void drop(RelayOut out) {
    out.closed = true;
    outs.remove(out.originTag);
    byTag.remove(out.originTag);
    out.stream.worker.execute(() -> out.stream.relays.remove(out));
  }

  /** Ends a relayed stream here; {@code tellOrigin}: with a BYE upstream. */
  void end(RelayIn in, boolean tellOrigin) {
    if (in.ended) {
      return;
    }
    if (tellOrigin) {
      in.keepalive(true);
    }
    in.ended = true;
    relayed.remove(in.streamId, in);
    byTag.remove(in.edgeTag);
    Stream stream = in.stream;
    if (stream != null) {
      lifecycle.endRelayed(stream);
    }
  }

  /** Once a second (monitor thread): keepalives, and release of idle or orphaned relays. */
  private void tick() {
    long now = System.currentTimeMillis();
    try {
      for (RelayIn in : relayed.values()) {
        Stream stream = in.stream;
        if (stream != null && !stream.players.isEmpty()) {
          in.playersSeenAt = now;
        }
        if (now - in.heardAt > SILENCE_MS) {
          LOG.log(System.Logger.Level.INFO, "relay of " + in.streamId + ": origin silent, ending");
          end(in, false);
        } else if (now - in.playersSeenAt > IDLE_MS) {
          LOG.log(System.Logger.Level.DEBUG, () -> "relay of " + in.streamId + ": no players");
          end(in, true);
        } else {
          in.keepalive(false);
        }
      }
      for (RelayOut out : outs.values()) {
        boolean gone = lifecycle.streams.get(out.stream.id) != out.stream;
        if (gone) {
          out.sendControl(true);
          drop(out);
        } else if (now - out.heardAt > SILENCE_MS) {
          drop(out);
        } else {
          out.sendControl(false);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "relay tick failed", e);
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to do
    }
    links.values().forEach(RelayLink::close);
  }
}
