package io.liveroom.egress;

import io.liveroom.infra.contracts.MediaTapInfo;
import io.liveroom.infra.store.EgressJobRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One running job on this node: its record, its tap, and its ffmpeg process. The process is always
 * reaped ({@link Process#onExit()}); {@link #terminate} asks ffmpeg to finish the file (SIGTERM)
 * and kills it if it has not exited after {@link #KILL_AFTER_MS}.
 */
final class EgressJob {
  static final long KILL_AFTER_MS = 10_000;
  volatile EgressJobRecord record;
  final String url;
  final Path workDir;
  final int basePort;
  MediaTapInfo tap;
  List<String> command;
  volatile Process process;
  volatile boolean stopping;
  volatile String endState;

  EgressJob(EgressJobRecord record, String url, Path workDir, int basePort) {
    this.record = record;
    this.url = url;
    this.workDir = workDir;
    this.basePort = basePort;
  }

  String id() {
    return record.jobId();
  }

  Path log() {
    return workDir.resolve("ffmpeg.log");
  }

  /** Starts ffmpeg with stderr appended to the job's log (blocking: call off the event loop). */
  Process launch() throws IOException {
    Files.createDirectories(workDir);
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    process = p;
    return p;
  }

  /**
   * SIGTERM (ffmpeg writes the trailer), then SIGKILL after {@link #KILL_AFTER_MS}; blocks until it
   * exited.
   */
  void terminate() {
    Process p = process;
    if (p == null) {
      return;
    }
    // one SIGTERM only: ffmpeg ends its loop at the next packet (or, with no packets coming, when
    // its
    // input's -listen_timeout lapses) and writes the trailer; a second signal would interrupt the
    // trailer's write too and leave a broken file
    p.destroy();
    try {
      if (!p.waitFor(KILL_AFTER_MS, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    }
  }

  /** The last lines ffmpeg logged (for a failure's message), at most 300 characters. */
  String lastLog() {
    try {
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      StringBuilder out = new StringBuilder();
      for (int i = Math.max(0, lines.size() - 3); i < lines.size(); i++) {
        out.append(lines.get(i).trim()).append(i < lines.size() - 1 ? " | " : "");
      }
      String s = out.toString();
      return s.length() > 300 ? s.substring(s.length() - 300) : s;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
