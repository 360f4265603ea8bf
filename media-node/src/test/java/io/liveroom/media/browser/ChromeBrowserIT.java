package io.liveroom.media.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Real headless Chromium (Debian package) publishes its fake camera + mic to the engine and a second
 * Chromium joins 5 s later and plays. Everything runs inside a network namespace this test makes
 * ({@code unshare -n}, veth 10.99.0.1/10.99.0.2): no traffic on the machine's own interfaces.
 * Skipped where chromium or unshare (root) are missing.
 */
class ChromeBrowserIT {
  @Test
  void chromiumPublishesAndALatePlayerDecodes() throws Exception {
    assumeTrue(new File("/usr/bin/chromium").canExecute(), "Debian chromium is not installed");
    assumeTrue(new File("/usr/bin/unshare").canExecute() && "root".equals(System.getProperty("user.name")),
        "needs unshare -n (root)");
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = System.getProperty("java.home") + "/bin/java";
    String script = "ip link set lo up && ip link add v0 type veth peer name v1"
        + " && ip addr add 10.99.0.1/24 dev v0 && ip addr add 10.99.0.2/24 dev v1"
        + " && ip link set v0 up && ip link set v1 up"
        + " && exec \"$0\" -cp \"$1\" io.liveroom.media.browser.BrowserHarness 10.99.0.1 20 5000";
    Process process = new ProcessBuilder(List.of("unshare", "-n", "bash", "-c", script, java, classpath))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(3, TimeUnit.MINUTES), "harness finished");
    String result = output.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElse(output);
    System.out.println(result);
    assertEquals(0, process.exitValue(), "player decoded video and received audio: " + result);
    assertTrue(value(result, "framesDecoded=(\\d+)") > 0, result);
    assertTrue(value(result, "audioPacketsReceived=(\\d+)") > 0, result);
    assertTrue(value(result, "keyframeRequests=(\\d+)") >= 1, "PLI on subscribe: " + result);
    // REMB lets the publisher's encoder target far beyond the ~300 kbit/s it starts with
    assertTrue(value(result, "\"targetBitrate\":(\\d+)") > 1_000_000, "publisher target bitrate: " + result);
  }

  private static long value(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
