package io.liveroom.launcher.egress;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.Config;
import io.liveroom.launcher.Launcher;
import io.liveroom.launcher.RunningNode;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The egress role without ffmpeg refuses to start, and says which package to install. */
class EgressRoleTest {
  @Test
  void egressRoleWithoutFfmpegRefusesToStartNamingThePackage() {
    Throwable failure = null;
    try {
      RunningNode node =
          Launcher.start(
                  Config.of(
                      Map.of(
                          "node.roles",
                          "egress",
                          "node.httpHost",
                          "127.0.0.1",
                          "node.httpPort",
                          "0",
                          "egress.ffmpeg",
                          "/nonexistent/bin/ffmpeg")))
              .await(30, TimeUnit.SECONDS);
      node.stop().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      failure = e;
    }
    assertTrue(failure != null, "the node started without ffmpeg");
    String message = String.valueOf(failure.getMessage());
    assertTrue(
        message.contains("apt-get install ffmpeg") && message.contains("/nonexistent/bin/ffmpeg"),
        () -> "message: " + message);
  }
}
