package io.liveroom.infra.cluster;

import io.liveroom.infra.config.Config;
import io.liveroom.infra.config.ConfigSection;
import io.liveroom.infra.config.NodeConfig;
import io.vertx.core.transport.Transport;
import java.util.List;
import java.util.Locale;

/**
 * Which socket transport Vert.x and Netty run on ({@code node.transport}): Linux io_uring (socket
 * writes submitted in batches, many per system call: the barrage fan-out's per-frame cost), epoll,
 * or the JDK's NIO. {@code auto} takes the first of those that works on this kernel (a container
 * whose seccomp profile forbids io_uring gets epoll); naming one that does not work here stops the
 * start with the reason.
 */
public final class NetworkTransport {
  private NetworkTransport() {}

  public static Transport from(Config config) {
    ConfigSection s = config.section(NodeConfig.SECTION);
    String name = s.getNonBlank("transport").trim().toLowerCase(Locale.ROOT);
    Transport chosen =
        switch (name) {
          case "auto" ->
              List.of(Transport.IO_URING, Transport.EPOLL).stream()
                  .filter(Transport::available)
                  .findFirst()
                  .orElse(Transport.NIO);
          case "io_uring" -> Transport.IO_URING;
          case "epoll" -> Transport.EPOLL;
          case "nio" -> Transport.NIO;
          default ->
              throw s.invalid(
                  "transport", "use auto, io_uring, epoll or nio, got \"" + name + "\"");
        };
    if (!chosen.available()) {
      Throwable cause = chosen.unavailabilityCause();
      throw s.invalid(
          "transport",
          name
              + " does not work here ("
              + (cause == null ? "unknown reason" : cause.getMessage())
              + "); use auto or nio");
    }
    return chosen;
  }
}
