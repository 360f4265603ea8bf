package io.liveroom.infra.testing.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless Chromium process with fake camera and microphone, a fresh profile, and the DevTools
 * protocol on a free 127.0.0.1 port. Launch it inside the test's network namespace (the driver JVM
 * already runs there). {@link #close()} kills it and every child process and deletes the profile.
 */
public final class Chromium implements AutoCloseable {
  /**
   * Where to look for the browser; {@code -Dliveroom.chromium=PATH} or {@code CHROMIUM_BIN} wins.
   */
  private static final List<String> CANDIDATES =
      List.of(
          "/usr/lib/chromium/chromium",
          "/usr/bin/chromium",
          "/usr/bin/chromium-browser",
          "/usr/bin/google-chrome");

  private final Process process;
  private final Path profile;
  private final Path log;
  private final String webSocketUrl;

  private Chromium(Process process, Path profile, Path log, String webSocketUrl) {
    this.process = process;
    this.profile = profile;
    this.log = log;
    this.webSocketUrl = webSocketUrl;
  }

  /**
   * Launch options. {@code secureOrigins}: http origins that may use getUserMedia (e.g.
   * http://10.99.0.1:8080). {@code muteAudio}: {@code --mute-audio} (the default); unmuted, Chrome
   * plays audio out as a real player does (audio/video sync then runs against a playing audio
   * device).
   */
  public record Options(
      List<String> secureOrigins,
      List<String> extraFlags,
      Duration startTimeout,
      boolean muteAudio) {
    public static Options defaults() {
      return new Options(List.of(), List.of(), Duration.ofSeconds(20), true);
    }

    public Options secureOrigin(String origin) {
      List<String> origins = new ArrayList<>(secureOrigins);
      origins.add(origin);
      return new Options(origins, extraFlags, startTimeout, muteAudio);
    }

    public Options flag(String flag) {
      List<String> flags = new ArrayList<>(extraFlags);
      flags.add(flag);
      return new Options(secureOrigins, flags, startTimeout, muteAudio);
    }

    /** Without {@code --mute-audio}. */
    public Options unmuted() {
      return new Options(secureOrigins, extraFlags, startTimeout, false);
    }
  }

  /** The browser binary, or an AssertionError that says how to install it. */
  public static String binary() {
    String configured = System.getProperty("liveroom.chromium", System.getenv("CHROMIUM_BIN"));
    if (configured != null && !configured.isBlank()) {
      if (!Files.isExecutable(Path.of(configured))) {
        throw new AssertionError(
            "the configured chromium " + configured + " is not an executable file");
      }
      return configured;
    }
    return CANDIDATES.stream()
        .filter(c -> Files.isExecutable(Path.of(c)))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "browser tests need Chromium and found none of "
                        + CANDIDATES
                        + "; install it: apt-get install -y chromium (or set -Dliveroom.chromium=PATH)"));
  }

  /**
   * Starts the browser; its output goes to {@code logFile}. Waits (bounded) for the DevTools
   * endpoint.
   */
  public static Chromium launch(Options options, Path logFile) throws IOException {
    return launch(options, logFile, null, "about:blank");
  }

  /**
   * As {@link #launch(Options, Path)}, opening {@code url}, inside the network namespace {@code
   * netns} (null: this JVM's). DevTools then listens on that namespace's loopback, out of this
   * JVM's reach when it runs elsewhere; the page must drive itself.
   */
  public static Chromium launch(Options options, Path logFile, String netns, String url)
      throws IOException {
    Path profile = Files.createTempDirectory("liveroom-chromium-");
    List<String> command = new ArrayList<>();
    if (netns != null) {
      command.addAll(List.of(NetNs.ipBinary(), "netns", "exec", netns));
    }
    command.addAll(
        List.of(
            binary(),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--disable-extensions",
            "--user-data-dir=" + profile,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            "--autoplay-policy=no-user-gesture-required",
            // real host candidates even on pages that never call getUserMedia (players): no mDNS
            // names
            "--disable-features=WebRtcHideLocalIpsWithMdns,Translate,MediaRouter",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--window-size=1280,720"));
    if (options.muteAudio()) {
      command.add("--mute-audio");
    }
    if (!options.secureOrigins().isEmpty()) {
      command.add(
          "--unsafely-treat-insecure-origin-as-secure="
              + String.join(",", options.secureOrigins()));
    }
    command.addAll(options.extraFlags());
    command.add(url);
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    process.getOutputStream().close();
    Chromium chromium = null;
    try {
      String endpoint = awaitEndpoint(process, profile, logFile, options.startTimeout());
      chromium = new Chromium(process, profile, logFile, endpoint);
      return chromium;
    } finally {
      if (chromium == null) {
        kill(process);
        deleteTree(profile);
      }
    }
  }

  /** Chrome writes {@code <port>\n<path>} to DevToolsActivePort in the profile once it listens. */
  private static String awaitEndpoint(Process process, Path profile, Path logFile, Duration timeout)
      throws IOException {
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(portFile)) {
        List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
        if (lines.size() >= 2 && !lines.get(1).isBlank()) {
          return "ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim();
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "chromium exited with "
                + process.exitValue()
                + " before DevTools listened:\n"
                + tail(logFile, 40));
      }
      NetNs.sleep(50);
    }
    throw new AssertionError(
        "chromium opened no DevTools endpoint within " + timeout + ":\n" + tail(logFile, 40));
  }

  /** The browser-level DevTools WebSocket URL. */
  public String webSocketUrl() {
    return webSocketUrl;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** The last lines of a log file (for failure messages). */
  public static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(" + file + " unreadable: " + e + ")";
    }
  }

  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle child : children) {
      child.onExit().completeOnTimeout(child, 2, TimeUnit.SECONDS).join();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // a leftover temp profile is harmless
    }
  }

  /** Kills the browser and its children (renderers, GPU, zygotes), then deletes the profile. */
  @Override
  public void close() {
    kill(process);
    deleteTree(profile);
  }
}
