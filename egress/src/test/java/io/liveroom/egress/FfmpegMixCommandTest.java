package io.liveroom.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.EgressMixInput;
import io.liveroom.infra.contracts.EgressMixStart;
import io.liveroom.infra.contracts.ErrorCode;
import io.liveroom.infra.contracts.MediaTapInfo;
import io.liveroom.infra.contracts.ServiceException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mix job's ffmpeg command: validation of the task (sizes, layout inside the canvas, input
 * limit, content types, targets), the filter graph per layout (a black canvas, each picture scaled
 * into its rectangle, amix of the sounds), the tee muxer for several targets, and the filter graph
 * run by the real ffmpeg on generated sources giving the canvas size and a sound stream.
 */
class FfmpegMixCommandTest {
  private static final MediaTapInfo VP8 =
      new MediaTapInfo("m", "t", "VP8", 96, 90000, null, "opus", 111, 48000, 2);
  private static final MediaTapInfo AUDIO_ONLY =
      new MediaTapInfo("m", "t", null, 0, 0, null, "opus", 111, 48000, 2);
  private static final Ffmpeg FFMPEG = new Ffmpeg("ffmpeg", "ffprobe", "test", true);

  private static EgressMixInput in(String stream, int top, int left, int bottom, int right) {
    return new EgressMixInput(stream, "m", top, left, bottom, right, "VIDEO");
  }

  private static EgressMixStart task(List<EgressMixInput> inputs, List<String> urls) {
    return new EgressMixStart("mx-1", "task-1", "room", inputs, 640, 360, 15, 800, 64, urls);
  }

  private static final List<EgressMixInput> SIDE_BY_SIDE =
      List.of(in("a", 0, 0, 360, 320), in("b", 60, 320, 300, 640));

  @Test
  void theFilterGraphDrawsEachInputInItsRectangleOnABlackCanvasAndMixesTheSounds() {
    List<FfmpegMixCommand.Input> inputs =
        List.of(
            new FfmpegMixCommand.Input(SIDE_BY_SIDE.get(0), VP8, Path.of("in-0.sdp")),
            new FfmpegMixCommand.Input(SIDE_BY_SIDE.get(1), VP8, Path.of("in-1.sdp")));
    String g = FfmpegMixCommand.filterGraph(task(SIDE_BY_SIDE, List.of("rtmp://h/l/x")), inputs);
    assertTrue(g.startsWith("color=c=black:s=640x360:r=15,format=yuv420p[base0]"), g);
    assertTrue(
        g.contains(
            "[0:v:0]scale=320:360:force_original_aspect_ratio=increase,crop=320:360,setsar=1[v0];"
                + "[base0][v0]overlay=x=0:y=0:eof_action=pass[base1]"),
        g);
    assertTrue(
        g.contains(
            "[1:v:0]scale=320:240:force_original_aspect_ratio=increase,crop=320:240,setsar=1[v1];"
                + "[base1][v1]overlay=x=320:y=60:eof_action=pass[base2]"),
        g);
    assertTrue(g.contains("[base2]realtime[vout]"), g);
    assertTrue(g.endsWith("[a0][a1]amix=inputs=2:duration=longest:normalize=0[aout]"), g);

    List<String> c =
        FfmpegMixCommand.build(FFMPEG, task(SIDE_BY_SIDE, List.of("rtmp://h/l/x")), inputs);
    assertEquals(2, c.stream().filter("-i"::equals).count(), c::toString);
    assertTrue(c.contains("in-0.sdp") && c.contains("in-1.sdp"), c::toString);
    assertTrue(String.join(" ", c).endsWith("-f flv rtmp://h/l/x"), c::toString);
    assertTrue(String.join(" ", c).contains("-b:v 800k"), c::toString);
  }

  @Test
  void anAudioOnlyInputLeavesItsRectangleBlackAndNoSoundGivesSilence() {
    List<FfmpegMixCommand.Input> inputs =
        List.of(
            new FfmpegMixCommand.Input(SIDE_BY_SIDE.get(0), AUDIO_ONLY, Path.of("in-0.sdp")),
            new FfmpegMixCommand.Input(
                new EgressMixInput("b", "m", 60, 320, 300, 640, "VIDEO_ONLY"),
                VP8,
                Path.of("in-1.sdp")));
    String g = FfmpegMixCommand.filterGraph(task(SIDE_BY_SIDE, List.of("rtmp://h/l/x")), inputs);
    assertTrue(!g.contains("[0:v:0]") && g.contains("[base0][v1]overlay"), g);
    assertTrue(g.contains("[0:a:0]") && !g.contains("[1:a:0]"), g);
    assertTrue(g.contains("amix=inputs=1"), g);
    String silent =
        FfmpegMixCommand.filterGraph(
            task(SIDE_BY_SIDE, List.of("rtmp://h/l/x")),
            List.of(
                new FfmpegMixCommand.Input(
                    new EgressMixInput("a", "m", 0, 0, 360, 320, "VIDEO_ONLY"),
                    VP8,
                    Path.of("in-0.sdp"))));
    assertTrue(silent.contains("anullsrc=r=48000:cl=stereo,arealtime[aout]"), silent);
  }

  @Test
  void severalTargetsGoThroughTheTeeMuxer() {
    List<String> c =
        FfmpegMixCommand.build(
            FFMPEG,
            task(SIDE_BY_SIDE, List.of("rtmp://h/l/x", "rtmps://h2/l/y")),
            List.of(
                new FfmpegMixCommand.Input(SIDE_BY_SIDE.get(0), VP8, Path.of("a.sdp")),
                new FfmpegMixCommand.Input(SIDE_BY_SIDE.get(1), VP8, Path.of("b.sdp"))));
    assertTrue(
        String.join(" ", c)
            .endsWith(
                "-f tee [f=flv:onfail=ignore]rtmp://h/l/x|[f=flv:onfail=ignore]rtmps://h2/l/y"),
        c::toString);
  }

  @Test
  void badTasksAreRefusedWithInvalidField() {
    List<String> url = List.of("rtmp://h/l/x");
    List<EgressMixStart> bad = new ArrayList<>();
    bad.add(task(List.of(in("a", 0, 0, 361, 320)), url)); // below the canvas
    bad.add(task(List.of(in("a", -1, 0, 100, 100)), url)); // above it
    bad.add(task(List.of(in("a", 0, 600, 100, 700)), url)); // right of it
    bad.add(task(List.of(in("a", 10, 10, 10, 100)), url)); // empty
    bad.add(task(List.of(), url));
    List<EgressMixInput> ten = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ten.add(in("s" + i, 0, 0, 36, 64));
    }
    bad.add(task(ten, url)); // over mixMaxInputs 9
    bad.add(task(List.of(in("a", 0, 0, 10, 10), in("a", 0, 0, 10, 10)), url));
    bad.add(task(List.of(in("a;rm -rf /", 0, 0, 10, 10)), url));
    bad.add(task(List.of(new EgressMixInput("a", "m", 0, 0, 10, 10, "SCREEN")), url));
    bad.add(task(List.of(in("a", 0, 0, 10, 10)), List.of()));
    bad.add(task(List.of(in("a", 0, 0, 10, 10)), List.of("http://h/x")));
    bad.add(task(List.of(in("a", 0, 0, 10, 10)), List.of("rtmp://h/x|[f=mp4]/tmp/evil.mp4")));
    bad.add(task(List.of(in("a", 0, 0, 10, 10)), List.of("rtmp://h/x", "rtmp://h/x")));
    bad.add(
        new EgressMixStart(
            "mx", "task", "room", List.of(in("a", 0, 0, 10, 10)), 641, 360, 15, 800, 64, url));
    bad.add(
        new EgressMixStart(
            "mx", "task", "room", List.of(in("a", 0, 0, 10, 10)), 640, 360, 0, 800, 64, url));
    bad.add(
        new EgressMixStart(
            "mx", "ta sk", "room", List.of(in("a", 0, 0, 10, 10)), 640, 360, 15, 800, 64, url));
    for (EgressMixStart q : bad) {
      ServiceException e =
          assertThrows(ServiceException.class, () -> FfmpegMixCommand.validate(q, 9), q::toString);
      assertEquals(ErrorCode.INVALID_FIELD, e.code(), q::toString);
    }
    FfmpegMixCommand.validate(task(SIDE_BY_SIDE, url), 9);
    FfmpegMixCommand.validate(task(ten.subList(0, 9), url), 9);
  }

  /** The graph run by the real ffmpeg, generated sources standing in for the taps. */
  @Test
  void theRealFfmpegRunsTheGraphToTheCanvasSizeWithSound(@TempDir Path dir) throws Exception {
    EgressMixStart q = task(SIDE_BY_SIDE, List.of("rtmp://unused/x"));
    List<FfmpegMixCommand.Input> inputs =
        List.of(
            new FfmpegMixCommand.Input(SIDE_BY_SIDE.get(0), VP8, Path.of("unused")),
            new FfmpegMixCommand.Input(SIDE_BY_SIDE.get(1), VP8, Path.of("unused")));
    Path out = dir.resolve("mix.flv");
    List<String> c =
        new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error"));
    for (int i = 0; i < 2; i++) {
      // the second source ends after 1 s: its rectangle goes black, the mix goes on
      c.addAll(
          List.of(
              "-f",
              "lavfi",
              "-i",
              "testsrc2=s="
                  + (i == 0 ? "640x480" : "320x240")
                  + ":r=15:d="
                  + (i == 0 ? 3 : 1)
                  + "[out0];sine=f="
                  + (440 * (i + 1))
                  + ":d=3[out1]"));
    }
    c.addAll(
        List.of(
            "-filter_complex",
            FfmpegMixCommand.filterGraph(q, inputs),
            "-map",
            "[vout]",
            "-map",
            "[aout]",
            "-t",
            "3",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "aac",
            "-f",
            "flv",
            "-y",
            out.toString()));
    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), log);
    assertEquals(0, p.exitValue(), log);
    Process probe =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-show_streams",
                "-show_format",
                "-of",
                "json",
                out.toString())
            .redirectErrorStream(true)
            .start();
    JsonObject info =
        new JsonObject(new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
    List<String> kinds = new ArrayList<>();
    for (Object s : info.getJsonArray("streams")) {
      JsonObject st = (JsonObject) s;
      kinds.add(st.getString("codec_type"));
      if ("video".equals(st.getString("codec_type"))) {
        assertEquals(640, st.getInteger("width"), info::encode);
        assertEquals(360, st.getInteger("height"), info::encode);
      }
    }
    kinds.sort(null);
    assertEquals(List.of("audio", "video"), kinds, info::encode);
    double duration = Double.parseDouble(info.getJsonObject("format").getString("duration"));
    assertTrue(duration >= 2.5, () -> "only " + duration + " s: " + info.encode());
  }
}
