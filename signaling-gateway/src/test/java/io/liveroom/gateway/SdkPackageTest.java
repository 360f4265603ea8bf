package io.liveroom.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK as an npm package, built the way an app developer gets it: {@code npm pack} of the
 * gateway's {@code webroot/sdk} folder (the very files the gateway serves) into {@code
 * target/sdk-package/}, the tarball installed into a copy of {@code src/test/sdk-app} (TypeScript
 * pinned by its package-lock.json, {@code npm ci}), then {@code tsc --noEmit} on a small app that
 * uses the API (must pass) and on one with wrong calls (every marked line must be rejected). Needs
 * node and npm (.ci/run installs them) and the npm registry for the pinned TypeScript; without npm
 * the test is skipped with a message saying so.
 */
class SdkPackageTest {
  static final Path SDK = Path.of("src/main/resources/webroot/sdk");
  static final Path APP = Path.of("src/test/sdk-app");
  static final Path OUT = Path.of("target/sdk-package");

  @BeforeAll
  static void npmIsThere() {
    boolean present;
    try {
      present = run(Path.of("."), 60, "npm", "--version").code == 0;
    } catch (IOException e) {
      present = false;
    }
    Assumptions.assumeTrue(
        present,
        "SKIPPED: node/npm not found on PATH; the SDK package test needs them"
            + " (apt-get install -y nodejs npm; .ci/run does this)");
  }

  record Result(int code, String output) {}

  static Result run(Path dir, long timeoutSeconds, String... command) throws IOException {
    Path log = Files.createTempFile("liveroom-npm-", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command) + " took over " + timeoutSeconds + " s:\n" + read(log));
      }
      return new Result(p.exitValue(), read(log));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static Result ok(Path dir, long timeoutSeconds, String... command) throws IOException {
    Result r = run(dir, timeoutSeconds, command);
    assertEquals(0, r.code, () -> String.join(" ", command) + " failed:\n" + r.output);
    return r;
  }

  /** The parent pom's version: the server's, which the package must carry. */
  static String serverVersion() throws IOException {
    String pom = Files.readString(Path.of("../pom.xml"));
    Matcher m =
        Pattern.compile("<artifactId>liveroom-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(pom);
    assertTrue(m.find(), "../pom.xml names liveroom-parent's version");
    return m.group(1);
  }

  @Test
  void packageJsonNamesTheFilesTheGatewayServesAtTheServersVersion() throws IOException {
    JsonObject pkg = new JsonObject(Files.readString(SDK.resolve("package.json")));
    assertEquals("liveroom-sdk", pkg.getString("name"));
    assertEquals(serverVersion(), pkg.getString("version"), "package.json version = the server's");
    assertEquals("./liveroom.d.ts", pkg.getString("types"));
    JsonObject root = pkg.getJsonObject("exports").getJsonObject(".");
    assertEquals("./liveroom.d.ts", root.getString("types"));
    assertEquals("./liveroom.js", root.getString("import"));
    for (String f : List.of("liveroom.js", "liveroom.d.ts")) {
      assertTrue(Files.isRegularFile(SDK.resolve(f)), f + " next to package.json");
    }
  }

  @Test
  void thePackedTarballInstallsAndTypeChecksAnApp() throws IOException {
    deleteTree(OUT);
    Files.createDirectories(OUT);
    Result pack =
        ok(
            Path.of("."),
            120,
            "npm",
            "pack",
            SDK.toString(),
            "--pack-destination",
            OUT.toString(),
            "--json");
    JsonArray packed = new JsonArray(pack.output.substring(pack.output.indexOf('[')));
    JsonObject info = packed.getJsonObject(0);
    List<String> files = new ArrayList<>();
    info.getJsonArray("files").forEach(f -> files.add(((JsonObject) f).getString("path")));
    assertEquals(
        List.of("liveroom.d.ts", "liveroom.js", "package.json"),
        files.stream().sorted().toList(),
        "the tarball holds the module, its types and package.json, nothing else");
    Path tarball = OUT.resolve(info.getString("filename"));
    assertTrue(Files.isRegularFile(tarball), tarball + " written");

    Path app = OUT.resolve("app");
    Files.createDirectories(app);
    try (Stream<Path> list = Files.list(APP)) {
      for (Path f : list.toList()) {
        Files.copy(f, app.resolve(f.getFileName()));
      }
    }
    ok(app, 300, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
    ok(
        app,
        120,
        "npm",
        "install",
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        tarball.toAbsolutePath().toString());
    Result version = ok(app, 60, "node", "node_modules/typescript/bin/tsc", "--version");
    assertTrue(version.output.contains("5.9.3"), "the lockfile's TypeScript: " + version.output);
    ok(app, 120, "node", "node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json");

    Result bad =
        run(
            app,
            120,
            "node",
            "node_modules/typescript/bin/tsc",
            "--noEmit",
            "-p",
            "tsconfig.bad.json");
    assertNotEquals(0, bad.code, "wrong calls must not type-check:\n" + bad.output);
    List<String> lines = Files.readAllLines(app.resolve("bad.ts"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("// BAD")) {
        int line = i + 1;
        assertTrue(
            bad.output.contains("bad.ts(" + line + ","),
            "tsc rejects bad.ts line " + line + " (" + lines.get(i).trim() + "):\n" + bad.output);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
