package io.liveroom.egress;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The ffmpeg and ffprobe binaries this node drives, checked once at start. */
public record Ffmpeg(String ffmpeg, String ffprobe, String version, boolean libx264) {
  /**
   * Runs {@code ffmpeg -version} and lists its encoders.
   *
   * @throws IllegalStateException naming the Debian package when ffmpeg cannot be run
   */
  public static Ffmpeg check(String binary) {
    String out;
    try {
      out = run(List.of(binary, "-hide_banner", "-version"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "the egress role needs ffmpeg, which cannot be run as '"
              + binary
              + "' ("
              + e.getMessage()
              + "): install the Debian package ffmpeg (apt-get install ffmpeg) or set egress.ffmpeg");
    }
    String version = out.lines().findFirst().orElse("ffmpeg");
    boolean x264;
    try {
      x264 = run(List.of(binary, "-hide_banner", "-encoders")).contains("libx264");
    } catch (IOException e) {
      x264 = false;
    }
    Path bin = Path.of(binary);
    String probe = bin.getParent() == null ? "ffprobe" : bin.resolveSibling("ffprobe").toString();
    return new Ffmpeg(binary, probe, version, x264);
  }

  /** The duration in seconds of a media file as ffprobe reads it, or -1. */
  public double duration(Path file) {
    try {
      String out =
          run(List.of(
                  ffprobe,
                  "-v",
                  "error",
                  "-show_entries",
                  "format=duration",
                  "-of",
                  "default=noprint_wrappers=1:nokey=1",
                  file.toString()))
              .trim();
      return Double.parseDouble(out.lines().findFirst().orElse("-1"));
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private static String run(List<String> command) throws IOException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out");
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            "exit " + p.exitValue() + ": " + new String(out, StandardCharsets.UTF_8).trim());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted");
    }
  }

  static boolean exists(Path p) {
    return Files.isRegularFile(p);
  }
}
