package io.liveroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The floor probes against a real receiver process, briefly: what is sent is what is counted. */
class FloorProbeTest {
  @Test
  void everyProbeCountsWhatArrived(@TempDir Path dir) throws Exception {
    Process receiver =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                FloorReceiver.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      String line =
          new BufferedReader(
                  new InputStreamReader(receiver.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertTrue(line != null && line.startsWith("control "), "receiver said " + line);
      Path out = dir.resolve("floor-run1.json");
      FloorProbe.main(
          new String[] {
            "--control", line.substring("control ".length()),
            "--seconds", "0.5",
            "--warmup", "0.2",
            "--connections", "50",
            "--probes", "udp-fanout,tcp-fanout,tcp-single,srtp-gcm",
            "--out", out.toString()
          });
      JsonObject result = new JsonObject(Files.readString(out));
      for (String probe : List.of("udp-fanout", "tcp-fanout", "tcp-single", "srtp-gcm")) {
        JsonObject r = result.getJsonObject(probe);
        assertTrue(r.getLong("sent") > 0, probe + " sent nothing: " + r);
        assertTrue(r.getDouble("perCpuSecond") > 0, probe + ": " + r);
      }
      for (String probe : List.of("tcp-fanout", "tcp-single")) {
        assertEquals(1.0, result.getJsonObject(probe).getDouble("delivered"), probe + " lost");
      }
      // UDP may lose a datagram if the receiver process is descheduled for half a second
      double udp = result.getJsonObject("udp-fanout").getDouble("delivered");
      assertTrue(udp >= 0.95, "udp-fanout delivered " + udp);
      assertEquals(0L, result.getJsonObject("tcp-fanout").getLong("shortWrites"));
      FloorProbe.report(dir);
      assertTrue(Files.exists(dir.resolve("summary.json")));
    } finally {
      receiver.destroy();
    }
  }

  @Test
  void textFrameIsAnUnmaskedWebSocketTextFrame() {
    ByteBuffer f = FloorProbe.textFrame(260);
    assertEquals(260, f.remaining());
    assertEquals((byte) 0x81, f.get(0)); // FIN + text
    assertEquals(126, f.get(1)); // no mask bit, 16-bit length follows
    assertEquals(256, Short.toUnsignedInt(f.getShort(2)));
  }
}
