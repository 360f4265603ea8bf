package io.liveroom.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaTapInfo;
import io.liveroom.infra.contracts.ServiceException;
import io.liveroom.infra.store.EgressJobRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ffmpeg side of a job with the real ffmpeg: SDP and command lines per kind and codec, the
 * transcode refusal, the missing-binary message, and a record job fed plain VP8/Opus RTP over
 * loopback (an ffmpeg test source standing in for the media node's tap) that ends by itself once
 * the RTP stops, leaving a finalized WebM.
 */
class EgressFfmpegTest {
  private static final MediaTapInfo VP8 =
      new MediaTapInfo("m", "t", "VP8", 96, 90000, null, "opus", 111, 48000, 2);
  private static final MediaTapInfo H264 =
      new MediaTapInfo(
          "m",
          "t",
          "H264",
          102,
          90000,
          "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
          "opus",
          111,
          48000,
          2);
  private static final EgressConfig CONFIG =
      new EgressConfig("out", "ffmpeg", "127.0.0.1", 8, 6000, true, 2, 2000, List.of(), 9);

  @Test
  void sdpDescribesBothStreamsWithTheTapsPayloadTypes() {
    String sdp = RtpSdp.describe(H264, "127.0.0.1", 40000, 40002);
    assertTrue(
        sdp.contains(
            "m=video 40000 RTP/AVP 102\r\na=rtpmap:102 H264/90000\r\na=fmtp:102 level-asymmetry"),
        sdp);
    assertTrue(sdp.contains("m=audio 40002 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n"), sdp);
    assertTrue(sdp.contains("c=IN IP4 127.0.0.1\r\n"), sdp);
  }

  @Test
  void commandsCopyWhatTheyCanAndTranscodeVp8ForHlsAndRtmpOnlyWhenAllowed() {
    Ffmpeg ffmpeg = new Ffmpeg("ffmpeg", "ffprobe", "test", true);
    Path sdp = Path.of("job.sdp");
    List<String> record =
        FfmpegCommand.build(ffmpeg, CONFIG, "record", VP8, sdp, Path.of("a.webm"), null);
    assertTrue(
        String.join(" ", record).contains("-map 0 -c copy -f webm -y a.webm"), record::toString);
    assertEquals("mp4", FfmpegCommand.recordExtension(H264));
    List<String> hlsCopy =
        FfmpegCommand.build(ffmpeg, CONFIG, "hls", H264, sdp, Path.of("hls/index.m3u8"), null);
    assertTrue(String.join(" ", hlsCopy).contains("-c:v copy"), hlsCopy::toString);
    List<String> hls =
        FfmpegCommand.build(ffmpeg, CONFIG, "hls", VP8, sdp, Path.of("hls/index.m3u8"), null);
    assertTrue(
        String.join(" ", hls).contains("-c:v libx264") && hls.contains("-hls_time"), hls::toString);
    EgressConfig noTranscode =
        new EgressConfig("out", "ffmpeg", "127.0.0.1", 8, 6000, false, 2, 2000, List.of(), 9);
    ServiceException refused =
        assertThrows(
            ServiceException.class,
            () ->
                FfmpegCommand.build(
                    ffmpeg, noTranscode, "rtmp", VP8, sdp, null, "rtmp://x/live/k"));
    assertEquals(ErrorCode.EGRESS_TRANSCODE_DISABLED, refused.code());
    FfmpegCommand.build(
        ffmpeg, noTranscode, "rtmp", H264, sdp, null, "rtmp://x/live/k"); // copy: allowed
  }

  @Test
  void aMissingFfmpegNamesTheDebianPackage() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Ffmpeg.check("/nonexistent/ffmpeg"));
    assertTrue(e.getMessage().contains("apt-get install ffmpeg"), e.getMessage());
  }

  @Test
  void aRecordJobFedPlainRtpEndsByItselfWhenTheRtpStopsWithAFinalizedWebm(@TempDir Path dir)
      throws Exception {
    Path out = recordFed(dir, VP8, "rec.webm", List.of("-c:v", "libvpx", "-deadline", "realtime"));
    assertTrue(out.toString().endsWith(".webm"));
  }

  @Test
  void anH264StreamIsRecordedToMp4WithoutTranscoding(@TempDir Path dir) throws Exception {
    Path out =
        recordFed(
            dir,
            H264,
            "rec.mp4",
            List.of(
                "-c:v",
                "libx264",
                "-pix_fmt",
                "yuv420p",
                "-preset",
                "ultrafast",
                "-tune",
                "zerolatency",
                "-profile:v",
                "baseline",
                "-g",
                "25"));
    Process probe =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "stream=codec_name",
                "-of",
                "csv=p=0",
                out.toString())
            .redirectErrorStream(true)
            .start();
    String codecs = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    probe.waitFor(20, TimeUnit.SECONDS);
    assertTrue(codecs.contains("h264") && codecs.contains("opus"), codecs);
  }

  /**
   * Feeds ~4 s of test RTP (video encoded with {@code videoCodec}, Opus) into a record job; returns
   * its file.
   */
  private static Path recordFed(Path dir, MediaTapInfo tap, String name, List<String> videoCodec)
      throws Exception {
    Ffmpeg ffmpeg = Ffmpeg.check("ffmpeg");
    int port = RtpPorts.reserve("127.0.0.1");
    Path sdp = dir.resolve("job.sdp");
    Files.writeString(
        sdp, RtpSdp.describe(tap, "127.0.0.1", port, port + 2), StandardCharsets.UTF_8);
    Path out = dir.resolve(name);
    EgressJobRecord record =
        new EgressJobRecord(
            "j",
            "record",
            "s",
            "r",
            "e",
            "m",
            EgressJobRecord.RUNNING,
            out.toString(),
            null,
            "VP8/opus",
            null,
            0,
            0,
            0,
            0);
    EgressJob job = new EgressJob(record, null, dir.resolve("work"), port);
    job.command = FfmpegCommand.build(ffmpeg, CONFIG, "record", tap, sdp, out, null);
    Process receiver = job.launch();
    Thread.sleep(500);
    List<String> send =
        new java.util.ArrayList<>(
            List.of(
                "ffmpeg",
                "-hide_banner",
                "-nostdin",
                "-loglevel",
                "error",
                "-re",
                "-f",
                "lavfi",
                "-t",
                "4",
                "-i",
                "testsrc=size=320x240:rate=25",
                "-re",
                "-f",
                "lavfi",
                "-t",
                "4",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-map",
                "0:v"));
    send.addAll(videoCodec);
    send.addAll(
        List.of(
            "-payload_type",
            Integer.toString(tap.videoPayloadType()),
            "-f",
            "rtp",
            "rtp://127.0.0.1:" + port,
            "-map",
            "1:a",
            "-c:a",
            "libopus",
            "-payload_type",
            "111",
            "-f",
            "rtp",
            "rtp://127.0.0.1:" + (port + 2)));
    Process sender =
        new ProcessBuilder(send)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sender.log").toFile())
            .start();
    assertTrue(sender.waitFor(30, TimeUnit.SECONDS), "the RTP sender did not finish");
    long stopped = System.nanoTime();
    boolean exited = receiver.waitFor(30, TimeUnit.SECONDS);
    if (!exited) {
      receiver.destroyForcibly();
    }
    assertTrue(exited, "ffmpeg did not end after its RTP stopped: " + job.lastLog());
    System.out.println(
        "EgressFfmpegTest: ffmpeg ended "
            + (System.nanoTime() - stopped) / 1_000_000
            + " ms after the RTP stopped, exit "
            + receiver.exitValue());
    assertEquals(0, receiver.exitValue(), job::lastLog);
    double duration = ffmpeg.duration(out);
    assertTrue(duration >= 3.0, () -> "duration " + duration + ", log: " + job.lastLog());
    return out;
  }
}
