package io.liveroom.media.engine;

import io.liveroom.media.rtp.Rtcp;
import io.liveroom.media.transport.PacketBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The origin side of one relayed stream: what the stream's forwarding thread sends over the link to
 * one edge (every decrypted publisher packet, RTX unwrapped; of a simulcast source only the layers
 * the edge asked for, see {@link RelayLayerMessages}), tagged with the edge's tag. Dropped when the
 * edge has not been heard from (RR keepalive, PLI, NACK) for {@link RelayLinks#SILENCE_MS}.
 */
final class RelayOut {
  final Stream stream;
  final RelayLink link;
  final int edgeTag;
  final int originTag;
  final long localSsrc = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 0xFFFFFFFFL);
  private final PacketBuffer out = new PacketBuffer(new byte[PacketPool.SIZE + 64]);
  private final PacketBuffer control = new PacketBuffer(new byte[1600]);
  volatile long heardAt = System.currentTimeMillis();
  volatile boolean closed;

  /**
   * Per published m-line, the simulcast layers the edge wants (bit {@code l}: layer {@code l});
   * null until it said (an edge that never does gets every layer).
   */
  private volatile int[] wanted;

  RelayOut(Stream stream, RelayLink link, int edgeTag, int originTag) {
    this.stream = stream;
    this.link = link;
    this.edgeTag = edgeTag;
    this.originTag = originTag;
  }

  /**
   * A decrypted publisher RTP packet of source {@code t}, unless a layer the edge does not want.
   */
  void onRtp(SourceTrack t, byte[] b, int off, int len) {
    if (wants(t)) {
      onRtp(b, off, len);
    }
  }

  /** Whether the edge gets {@code t}'s packets: not a simulcast layer, or one it asked for. */
  private boolean wants(SourceTrack t) {
    int[] w = wanted;
    return t.layer < 0 || w == null || t.index < w.length && (w[t.index] & (1 << t.layer)) != 0;
  }

  /** The edge's wanted layers (forwarding thread): a layer it starts to want gets a PLI. */
  private void want(int[] masks) {
    int[] old = wanted;
    wanted = masks;
    SourceTrack[][] layers = stream.tracks.layers;
    for (int i = 0; i < layers.length && i < masks.length; i++) {
      int added = masks[i] & ~(old == null || i >= old.length ? 0 : old[i]);
      for (int l = 0; l < layers[i].length; l++) {
        if ((added & (1 << l)) != 0 && layers[i][l] != null) {
          stream.requestKeyframe(layers[i][l], false);
        }
      }
    }
    if (old == null) {
      sendLayerInfo(stream.worker.rtcp); // the edge's players choose with every layer's rate
    }
  }

  /** The layers relayed now, as {@code <stream>/<m-line>/<layer>} strings (stats). */
  List<String> relayedLayers() {
    int[] w = wanted;
    List<String> out = new ArrayList<>();
    SourceTrack[][] layers = stream.tracks.layers;
    for (int i = 0; i < layers.length; i++) {
      for (int l = 0; l < layers[i].length; l++) {
        if (w == null || i < w.length && (w[i] & (1 << l)) != 0) {
          out.add(stream.id + "/" + i + "/" + l);
        }
      }
    }
    return out;
  }

  /** The origin's layer sources and rates for the edge (forwarding thread, once a second). */
  void sendLayerInfo(byte[] scratch) {
    SourceTrack[][] layers = stream.tracks.layers;
    boolean known = false;
    for (SourceTrack[] ls : layers) {
      for (SourceTrack t : ls) {
        known |= t != null;
      }
    }
    if (!known || closed) {
      return;
    }
    int pos = Rtcp.receiverReport(scratch, 0, localSsrc, List.of());
    pos = RelayLayerMessages.writeInfo(scratch, pos, localSsrc, layers);
    relayRtcp(scratch, 0, pos);
  }

  /** A decrypted publisher RTP packet (the stream's forwarding thread). */
  void onRtp(byte[] b, int off, int len) {
    if (closed) {
      return;
    }
    byte[] buf = out.getBuffer();
    if (buf.length < len + RelayLink.TAG + 64) {
      buf = new byte[len + RelayLink.TAG + 256];
    }
    System.arraycopy(b, off, buf, RelayLink.TAG, len);
    out.wrap(buf, RelayLink.TAG, len);
    link.send(out, edgeTag, false);
  }

  /** Relays one RTCP packet of the publisher (its SR) to the edge (forwarding thread). */
  synchronized void relayRtcp(byte[] b, int off, int len) {
    if (closed || len > 1400) {
      return;
    }
    System.arraycopy(b, off, control.getBuffer(), RelayLink.TAG, len);
    control.wrap(control.getBuffer(), RelayLink.TAG, len);
    link.send(control, edgeTag, true);
  }

  /**
   * The edge's RTCP (the stream's forwarding thread): PLI/FIR to the publisher, NACKs answered from
   * the origin's cache.
   */
  void onEdgeRtcp(byte[] b, int off, int len) {
    Rtcp.walk(
        b,
        off,
        len,
        (type, count, buf, pos, size) -> {
          int[] masks = RelayLayerMessages.readWant(buf, pos, size);
          if (masks != null) {
            want(masks);
          } else if (type == Rtcp.PSFB && (count == Rtcp.FMT_PLI || count == Rtcp.FMT_FIR)) {
            SourceTrack t = stream.tracks.get(Rtcp.mediaSsrc(buf, pos));
            if (t != null) {
              if (wants(t)) { // no key frame of a layer the edge does not get
                stream.requestKeyframe(t, false);
              }
            } else {
              stream.requestKeyframe(false);
            }
          } else if (type == Rtcp.RTPFB && count == Rtcp.FMT_NACK) {
            long ssrc = Rtcp.mediaSsrc(buf, pos);
            SourceTrack t = stream.tracks.get(ssrc);
            if (t != null && !wants(t)) {
              return; // a layer no longer relayed: its old gaps are not the edge's business
            }
            Rtcp.nackedSequences(
                buf,
                pos,
                size,
                seq -> {
                  byte[] scratch = stream.worker.rtx.getBuffer();
                  int n = stream.cache.get(ssrc, seq, scratch);
                  if (n > 0) {
                    onRtp(scratch, 0, n);
                  }
                });
          }
        });
  }

  /** A keepalive SR-less RR, or a BYE when the stream ended (monitor thread). */
  synchronized void sendControl(boolean bye) {
    byte[] r = new byte[200];
    int pos = Rtcp.receiverReport(r, 0, localSsrc, List.of());
    if (bye) {
      pos = Rtcp.bye(r, pos, List.of(localSsrc));
    }
    System.arraycopy(r, 0, control.getBuffer(), RelayLink.TAG, pos);
    control.wrap(control.getBuffer(), RelayLink.TAG, pos);
    link.send(control, edgeTag, true);
  }
}
