package io.liveroom.infra.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RedisServerExtension.class)
class RedisServerExtensionTest {
  private static final Path NOWHERE = Path.of("/nonexistent/liveroom/redis-server");

  @Test
  void resolvesARunningServer(RedisServer redis) {
    assertEquals("127.0.0.1", redis.host());
    assertEquals("redis://127.0.0.1:" + redis.port(), redis.url());
    assertTrue(redis.ping());
    assertEquals("OK", redis.command("SET", "greeting", "hällo"));
    assertEquals("hällo", redis.command("GET", "greeting"));
    assertNull(redis.command("GET", "absent"));
  }

  @Test
  void flushAllEmptiesTheServer(RedisServer redis) {
    redis.command("SET", "a", "1");
    redis.command("SADD", "b", "x");
    assertTrue(redis.dbSize() >= 2);
    redis.flushAll();
    assertEquals(0, redis.dbSize());
  }

  @Test
  void errorRepliesThrow(RedisServer redis) {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> redis.command("NOSUCHCOMMAND"));
    assertTrue(e.getMessage().contains("NOSUCHCOMMAND"), e.getMessage());
  }

  @Test
  void stopKillsTheServer() {
    RedisServerExtension extension = new RedisServerExtension();
    RedisServer redis = extension.start();
    assertTrue(redis.ping());
    assertEquals(redis, extension.start(), "start is idempotent");
    extension.stop();
    assertFalse(redis.ping(), "the port still answers after stop");
    assertThrows(IllegalStateException.class, extension::server);
    extension.stop(); // idempotent
  }

  @Test
  void missingBinaryFailsWithInstallHint() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> RedisServerExtension.findBinary(Map.of("PATH", "/nonexistent/bin"), NOWHERE));
    assertTrue(e.getMessage().contains("apt-get install redis-server"), e.getMessage());

    IllegalStateException viaStart =
        assertThrows(
            IllegalStateException.class,
            () -> new RedisServerExtension(Map.of("PATH", ""), NOWHERE).start());
    assertTrue(
        viaStart.getMessage().contains("apt-get install redis-server"), viaStart.getMessage());
  }

  @Test
  void badExplicitBinaryFailsNamingTheVariable() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RedisServerExtension.findBinary(
                    Map.of(RedisServerExtension.BINARY_ENV, NOWHERE.toString()),
                    RedisServerExtension.DEFAULT_BINARY));
    assertTrue(
        e.getMessage().contains(RedisServerExtension.BINARY_ENV + "=" + NOWHERE), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install redis-server"), e.getMessage());
  }

  @Test
  void findsTheBinaryByVariableThenPathThenFallback(@TempDir Path dir) throws Exception {
    Path explicit = script(dir.resolve("my-redis"), "exit 0");
    Path onPath =
        script(Files.createDirectory(dir.resolve("bin")).resolve("redis-server"), "exit 0");
    assertEquals(
        explicit,
        RedisServerExtension.findBinary(
            Map.of(
                RedisServerExtension.BINARY_ENV,
                explicit.toString(),
                "PATH",
                onPath.getParent().toString()),
            NOWHERE));
    assertEquals(
        onPath,
        RedisServerExtension.findBinary(
            Map.of("PATH", "/nonexistent:" + onPath.getParent()), explicit));
    assertEquals(
        explicit, RedisServerExtension.findBinary(Map.of("PATH", "/nonexistent"), explicit));
  }

  @Test
  void startupFailureIncludesTheLogTail(@TempDir Path dir) throws Exception {
    Path broken =
        script(dir.resolve("broken-redis"), "echo 'FATAL: cannot load configuration' >&2\nexit 3");
    RedisServerExtension extension =
        new RedisServerExtension(
            Map.of(RedisServerExtension.BINARY_ENV, broken.toString()), NOWHERE);
    IllegalStateException e = assertThrows(IllegalStateException.class, extension::start);
    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    assertTrue(e.getMessage().contains("FATAL: cannot load configuration"), e.getMessage());
    assertThrows(IllegalStateException.class, extension::server);
  }

  private static Path script(Path file, String body) throws Exception {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
