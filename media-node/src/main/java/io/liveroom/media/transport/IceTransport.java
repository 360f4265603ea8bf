package io.liveroom.media.transport;

import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferHandler;

/**
 * One ICE agent with a single component (BUNDLE + rtcp-mux). On the node it is ICE-controlled, uses
 * the node's shared single-port harvester and receives packets through ice4j's push API; consent
 * freshness is on.
 */
public final class IceTransport {
  /** What the transport reports; called on ice4j threads. */
  public interface Listener {
    /** A candidate pair was validated: DTLS may start. */
    void onWritable();

    /** ICE failed (or the agent terminated before completing). */
    void onFailed(String reason);

    /** A non-STUN packet arrived (push API). The buffer belongs to the listener afterwards. */
    void onPacket(Buffer buffer);
  }

  static {
    configureIce4j();
  }

  private final Agent agent;
  private final IceMediaStream stream;
  private final Component component;
  private final Listener listener;
  private final AtomicBoolean writable = new AtomicBoolean();
  private final AtomicBoolean failed = new AtomicBoolean();
  private volatile long lastConsentMillis = System.currentTimeMillis();
  private volatile String remoteUfrag;
  private volatile String remotePassword;
  private final PropertyChangeListener stateListener = this::stateChanged;
  private final PropertyChangeListener pairListener = this::pairChanged;

  /**
   * Must run before any ice4j class initializes: no AWS metadata probing, no STUN mapping
   * harvesters, send on the pair the peer last sent media on (see {@link #controlled}), push API
   * on.
   */
  public static synchronized void configureIce4j() {
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    System.setProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
    System.setProperty("ice4j.harvest.use-ipv6", "false");
    System.setProperty("ice4j.send-to-last-received-from-address", "true");
    // more than one socket: ice4j binds its single port with SO_REUSEADDR, which lets the node's
    // forwarding threads send from that port on their own sockets (MediaSendSocket)
    if (System.getProperty("ice4j.harvest.udp.socket-pool-size") == null) {
      System.setProperty("ice4j.harvest.udp.socket-pool-size", "2");
    }
    AbstractUdpListener.USE_PUSH_API = true; // their logs are at WARN by log.levels' default
  }

  private IceTransport(
      boolean controlling, CandidateHarvester harvester, boolean pushApi, Listener listener)
      throws IOException {
    this.listener = listener;
    this.agent = new Agent();
    agent.setUseDynamicPorts(false);
    agent.addCandidateHarvester(harvester);
    agent.setControlling(controlling);
    agent.setPerformConsentFreshness(true);
    this.stream = agent.createMediaStream("stream");
    this.component =
        agent.createComponent(
            stream,
            controlling ? KeepAliveStrategy.SELECTED_ONLY : KeepAliveStrategy.ALL_SUCCEEDED,
            !pushApi);
    if (pushApi) {
      component.setBufferCallback(
          new BufferHandler() {
            @Override
            public void handleBuffer(Buffer buffer) {
              IceTransport.this.listener.onPacket(buffer);
            }
          });
    }
    agent.addStateChangeListener(stateListener);
    stream.addPairChangeListener(pairListener);
  }

  /**
   * A node-side transport: ICE-controlled, on the node's shared single-port harvester. The
   * controlling peer decides which pair carries media, and may change its mind: Chrome nominates
   * every pair it pings until it has chosen one, so ice4j (which keeps the first nominated pair)
   * and Chrome can disagree when the browser has more than one address. With ice4j's default of
   * answering checks only on its own selected pair once ICE terminated, Chrome's chosen pair then
   * went unanswered, Chrome switched pairs a few seconds into the call and, as a route change,
   * reset its bandwidth estimate to its 300 kbit/s start (the publisher's rate dropped until the
   * next REMB). So checks are answered on every pair that succeeded, and media goes back on the
   * pair the peer last sent from ({@code ice4j.send-to-last-received-from-address}).
   */
  public static IceTransport controlled(CandidateHarvester sharedHarvester, Listener listener)
      throws IOException {
    return new IceTransport(false, sharedHarvester, true, listener);
  }

  /**
   * A client-side transport (the Java WebRTC test client): ICE-controlling, candidates from {@code
   * harvester}; read packets from {@link #component()}'s socket.
   */
  public static IceTransport controlling(CandidateHarvester harvester, Listener listener)
      throws IOException {
    return new IceTransport(true, harvester, false, listener);
  }

  public String localUfrag() {
    return agent.getLocalUfrag();
  }

  public String localPassword() {
    return agent.getLocalPassword();
  }

  public Component component() {
    return component;
  }

  public IceProcessingState state() {
    return agent.getState();
  }

  /** When consent was last confirmed (or the transport was created). */
  public long lastConsentMillis() {
    return lastConsentMillis;
  }

  public boolean isWritable() {
    return writable.get();
  }

  /**
   * Starts connectivity establishment. The node passes no candidates: it learns the peer's address
   * from the peer's own checks (peer-reflexive), as its single-port candidate cannot start checks
   * itself.
   */
  public void start(String remoteUfrag, String remotePassword, List<RemoteAddress> candidates) {
    this.remoteUfrag = remoteUfrag;
    this.remotePassword = remotePassword;
    stream.setRemoteUfrag(remoteUfrag);
    stream.setRemotePassword(remotePassword);
    for (RemoteAddress c : candidates) {
      TransportAddress address = new TransportAddress(c.address(), c.port(), Transport.UDP);
      component.addRemoteCandidate(
          new RemoteCandidate(
              address,
              component,
              CandidateType.HOST_CANDIDATE,
              c.foundation(),
              c.priority(),
              null));
    }
    agent.startConnectivityEstablishment();
  }

  /**
   * Whether {@link #start} was given these remote credentials (an offer that is no ICE restart).
   */
  public boolean hasRemoteCredentials(String ufrag, String password) {
    return ufrag != null
        && ufrag.equals(remoteUfrag)
        && password != null
        && password.equals(remotePassword);
  }

  /** A remote candidate the controlling side checks. */
  public record RemoteAddress(InetAddress address, int port, String foundation, long priority) {}

  public void send(byte[] buf, int off, int len) throws IOException {
    component.send(buf, off, len);
  }

  public void close() {
    agent.removeStateChangeListener(stateListener);
    stream.removePairStateChangeListener(pairListener);
    component.setBufferCallback(null);
    agent.free();
  }

  private void stateChanged(PropertyChangeEvent event) {
    if (!Agent.PROPERTY_ICE_PROCESSING_STATE.equals(event.getPropertyName())) {
      return;
    }
    IceProcessingState from = (IceProcessingState) event.getOldValue();
    IceProcessingState to = (IceProcessingState) event.getNewValue();
    boolean failure =
        to == IceProcessingState.FAILED
            || (from == IceProcessingState.RUNNING && to == IceProcessingState.TERMINATED);
    if (failure && failed.compareAndSet(false, true)) {
      listener.onFailed("ICE " + from + " -> " + to);
    }
  }

  private void pairChanged(PropertyChangeEvent event) {
    if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(event.getPropertyName())) {
      lastConsentMillis = System.currentTimeMillis();
      if (writable.compareAndSet(false, true)) {
        listener.onWritable();
      }
    } else if (IceMediaStream.PROPERTY_PAIR_CONSENT_FRESHNESS_CHANGED.equals(
        event.getPropertyName())) {
      lastConsentMillis = System.currentTimeMillis();
    }
  }
}
