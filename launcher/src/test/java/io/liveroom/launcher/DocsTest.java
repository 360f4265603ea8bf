package io.liveroom.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.contracts.ErrorCode;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The docs keep up with the code: every error code in docs/protocol.md, every option in the README.
 */
class DocsTest {
  private static String read(String file) throws IOException {
    return Files.readString(Path.of("..", file));
  }

  @Test
  void everyErrorCodeIsDocumented() throws IOException {
    String protocol = read("docs/protocol.md");
    List<String> missing = new ArrayList<>();
    for (ErrorCode code : ErrorCode.values()) {
      if (!protocol.contains("| " + code.code() + " | `" + code.name() + "` |")) {
        missing.add(code.code() + " " + code.name());
      }
    }
    assertTrue(missing.isEmpty(), "docs/protocol.md lacks error codes " + missing);
  }

  @Test
  void everyConfigurationOptionIsInTheReadme() throws IOException {
    String readme = read("README.md");
    List<String> missing = new ArrayList<>();
    for (String section : Launcher.SECTIONS) {
      try (InputStream in =
          getClass()
              .getClassLoader()
              .getResourceAsStream("liveroom/defaults/" + section + ".json")) {
        JsonObject defaults = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        for (String key : defaults.fieldNames()) {
          if (!readme.contains("`" + section + "." + key + "`")) {
            missing.add(section + "." + key);
          }
        }
      }
    }
    assertTrue(missing.isEmpty(), "README.md's configuration table lacks " + missing);
  }
}
