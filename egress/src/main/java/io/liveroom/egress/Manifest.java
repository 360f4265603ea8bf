package io.liveroom.egress;

import io.liveroom.infra.contracts.MediaTapInfo;
import io.liveroom.infra.store.EgressJobRecord;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The JSON manifest beside a recording: start, end, duration (as ffprobe reads the file), size,
 * codecs.
 */
final class Manifest {
  private Manifest() {}

  static JsonObject write(Ffmpeg ffmpeg, EgressJobRecord job, MediaTapInfo tap) throws IOException {
    Path file = Path.of(job.output());
    boolean exists = Files.isRegularFile(file);
    JsonObject m =
        new JsonObject()
            .put("jobID", job.jobId())
            .put("streamID", job.streamId())
            .put("roomID", job.roomId())
            .put("file", file.toString())
            .put("state", job.state())
            .put("start", Instant.ofEpochMilli(job.startedAt()).toString())
            .put("end", job.endedAt() > 0 ? Instant.ofEpochMilli(job.endedAt()).toString() : null)
            .put("durationSeconds", exists ? ffmpeg.duration(file) : 0.0)
            .put("sizeBytes", exists ? Files.size(file) : 0L)
            .put("container", file.getFileName().toString().endsWith(".webm") ? "webm" : "mp4")
            .put(
                "codec",
                new JsonObject()
                    .put("video", tap == null ? null : tap.videoCodec())
                    .put("audio", tap == null ? null : tap.audioCodec()));
    if (job.error() != null) {
      m.put("error", job.error());
    }
    Path target = Path.of(job.manifest());
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, m.encodePrettily(), StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return m;
  }
}
