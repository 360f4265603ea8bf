package io.liveroom.infra.testing.browser;

/**
 * Two network namespaces joined by one veth pair whose ends are shaped in both directions: {@link
 * #a()} holds {@code va} with {@link #HOST_A}, {@link #b()} holds {@code vb} with {@link #HOST_B}.
 * This machine's kernel has no {@code sch_netem}, so the link is shaped with what it has: {@code tc
 * tbf} for the rate and an nftables {@code numgen random} rule for random UDP loss, applied where
 * packets arrive (a drop on output would hand the sender EPERM, which no real link does). No fixed
 * delay is added (only the queueing delay of the rate limit). Needs root, ip + tc (iproute2) and
 * nft (nftables). {@link #close()} kills what runs in both and deletes them.
 */
public final class ShapedLink implements AutoCloseable {
  public static final String HOST_A = "10.99.1.1";
  public static final String HOST_B = "10.99.1.2";
  private final NetNs a;
  private final NetNs b;

  private ShapedLink(NetNs a, NetNs b) {
    this.a = a;
    this.b = b;
  }

  /**
   * The link limited to {@code rateKbit} each way (0: unlimited), losing {@code lossPercent} % of
   * UDP packets each way.
   */
  public static ShapedLink create(int rateKbit, int lossPercent) {
    NetNs a = NetNs.createEmpty();
    NetNs b = null;
    try {
      b = NetNs.createEmpty();
      a.ip("link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b.name());
      a.ip("addr", "add", HOST_A + "/24", "dev", "va");
      b.ip("addr", "add", HOST_B + "/24", "dev", "vb");
      a.ip("link", "set", "va", "up");
      b.ip("link", "set", "vb", "up");
      shape(a, "va", b, "vb", rateKbit, lossPercent);
      shape(b, "vb", a, "va", rateKbit, lossPercent);
      return new ShapedLink(a, b);
    } catch (RuntimeException | Error e) {
      if (b != null) {
        b.close();
      }
      a.close();
      throw e;
    }
  }

  /**
   * Rate-limits what {@code from} sends on {@code out}; drops UDP at random where it arrives
   * ({@code to}'s {@code in}).
   */
  private static void shape(
      NetNs from, String out, NetNs to, String in, int rateKbit, int lossPercent) {
    if (rateKbit > 0) {
      from.run(
          "tc",
          "qdisc",
          "add",
          "dev",
          out,
          "root",
          "tbf",
          "rate",
          rateKbit + "kbit",
          "burst",
          "4kb",
          "latency",
          "400ms");
    }
    to.run("nft", "add", "table", "inet", "shape");
    to.run(
        "nft",
        "add",
        "chain",
        "inet",
        "shape",
        "in",
        "{ type filter hook input priority 0 ; policy accept ; }");
    to.run(
        "nft",
        "add",
        "rule",
        "inet",
        "shape",
        "in",
        "iifname",
        in,
        "meta",
        "l4proto",
        "udp",
        "numgen",
        "random",
        "mod",
        "100",
        "<",
        String.valueOf(lossPercent),
        "counter",
        "drop");
  }

  public NetNs a() {
    return a;
  }

  public NetNs b() {
    return b;
  }

  @Override
  public void close() {
    b.close();
    a.close();
  }
}
