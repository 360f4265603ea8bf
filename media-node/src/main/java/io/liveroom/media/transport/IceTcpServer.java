package io.liveroom.media.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.ice4j.util.Buffer;

/**
 * The node's passive ICE-TCP candidate (RFC 6544, RFC 4571 framing) on one TCP port for every peer,
 * for clients whose network blocks UDP. A connection is bound to a peer by the local ufrag in the
 * USERNAME of its first frame, which must be a Binding request carrying that peer's valid
 * MESSAGE-INTEGRITY; otherwise it is closed. The node answers the checks itself (it is
 * ICE-controlled and a passive candidate never starts checks). One reader thread per connection
 * (ICE-TCP clients are the few behind UDP-blocking networks), plus a writer once a valid check
 * bound it; see {@link IceTcpConnection}.
 */
public final class IceTcpServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(IceTcpServer.class.getName());

  /** Most TCP connections held at once (every peer's candidate pairs together). */
  static final int MAX_CONNECTIONS = 4096;

  /** Time a new connection has to send its first check. */
  static final int FIRST_FRAME_TIMEOUT_MS = 5_000;

  /** A peer's side of its ICE-TCP connections; called on connection threads. */
  public interface Endpoint {
    /** The peer's local ICE password (checks are signed with it). */
    String password();

    /**
     * A valid check arrived on {@code connection}; {@code useCandidate}: the client nominated it.
     */
    void onTcpCheck(IceTcpConnection connection, boolean useCandidate);

    /** A DTLS/SRTP/SRTCP frame arrived. The buffer belongs to the endpoint afterwards. */
    void onTcpPacket(IceTcpConnection connection, Buffer buffer);

    /** The connection closed (either side). */
    void onTcpClosed(IceTcpConnection connection);
  }

  private final ServerSocket server;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final Set<IceTcpConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger threads = new AtomicInteger();
  private volatile boolean closed;

  private IceTcpServer(ServerSocket server) {
    this.server = server;
    Thread accept = new Thread(this::acceptLoop, "media-ice-tcp-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** Listens on {@code bind}:{@code port} (0: ephemeral). */
  public static IceTcpServer start(InetAddress bind, int port) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(bind, port), 128);
    return new IceTcpServer(server);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Connections whose first check names {@code localUfrag} go to {@code endpoint}. */
  public void register(String localUfrag, Endpoint endpoint) {
    endpoints.put(localUfrag, endpoint);
  }

  /** Forgets {@code localUfrag} and closes its connections. */
  public void unregister(String localUfrag) {
    Endpoint endpoint = endpoints.remove(localUfrag);
    if (endpoint != null) {
      for (IceTcpConnection c : connections) {
        if (c.endpoint() == endpoint) {
          c.close();
        }
      }
    }
  }

  Endpoint endpoint(String localUfrag) {
    return localUfrag == null ? null : endpoints.get(localUfrag);
  }

  void closed(IceTcpConnection connection) {
    connections.remove(connection);
  }

  int connectionCount() {
    return connections.size();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "ICE-TCP accept failed: " + e);
        }
        continue;
      }
      if (connections.size() >= MAX_CONNECTIONS) {
        quietClose(socket);
        continue;
      }
      try {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(FIRST_FRAME_TIMEOUT_MS);
        IceTcpConnection connection = new IceTcpConnection(this, socket);
        connections.add(connection);
        Thread reader =
            new Thread(connection::readLoop, "media-ice-tcp-" + threads.incrementAndGet());
        reader.setDaemon(true);
        reader.start();
      } catch (SocketException | RuntimeException e) {
        quietClose(socket);
      }
    }
  }

  static void quietClose(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    connections.forEach(IceTcpConnection::close);
    endpoints.clear();
  }
}
