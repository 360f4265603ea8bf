package io.liveroom.infra.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveroom.infra.config.NodeConfig.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {
  private static final Set<String> KNOWN =
      Set.of(NodeConfig.SECTION, ClusterConfig.SECTION, StoreConfig.SECTION);

  @TempDir Path dir;

  @Test
  void defaultsLoad() {
    Config config = Config.defaults();
    NodeConfig node = NodeConfig.from(config);
    assertEquals(EnumSet.allOf(Role.class), node.roles());
    assertEquals("0.0.0.0", node.httpHost());
    assertEquals(8080, node.httpPort());
    assertEquals(5000, node.busTimeoutMs());
    assertEquals(10_000, node.shutdownTimeoutMs());
    assertTrue(node.id().matches("[A-Za-z0-9_-]{1,64}"), "a generated id: " + node.id());

    assertEquals(
        new ClusterConfig(false, "liveroom", List.of("127.0.0.1"), "127.0.0.1", 5701, 0, ""),
        ClusterConfig.from(config));
    assertEquals(
        new StoreConfig(StoreConfig.Type.MEMORY, "redis://127.0.0.1:6379", "liveroom:", 8, 1000),
        StoreConfig.from(config));
    assertDoesNotThrow(() -> config.checkKnownSections(KNOWN));
  }

  @Test
  void fileOverridesDefaults() throws Exception {
    Config config =
        Config.load(
            file(
                """
        {"node": {"id": "node-7", "httpPort": 9090, "roles": ["gateway", "room"]},
         "cluster": {"enabled": true, "members": ["10.0.0.1:5701", "10.0.0.2"]},
         "store": {"type": "redis", "redisUrl": "redis://cache:6380/2", "keyPrefix": "lr:"}}
        """),
            Map.of(),
            Map.of());
    NodeConfig node = NodeConfig.from(config);
    assertEquals("node-7", node.id());
    assertEquals(9090, node.httpPort());
    assertEquals(Set.of(Role.GATEWAY, Role.ROOM), node.roles());
    assertEquals("0.0.0.0", node.httpHost(), "keys the file does not set keep their default");
    ClusterConfig cluster = ClusterConfig.from(config);
    assertTrue(cluster.enabled());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2"), cluster.members());
    assertEquals(
        new StoreConfig(StoreConfig.Type.REDIS, "redis://cache:6380/2", "lr:", 8, 1000),
        StoreConfig.from(config));
  }

  @Test
  void envOverridesFileAndFlagsOverrideEnv() throws Exception {
    Path file =
        file("{\"node\": {\"httpPort\": 9090, \"httpHost\": \"10.1.1.1\", \"busTimeoutMs\": 700}}");
    Map<String, String> env =
        Map.of(
            "LIVEROOM_NODE_HTTP_PORT",
            "9191",
            "LIVEROOM_NODE_BUS_TIMEOUT_MS",
            "800",
            "LIVEROOM_STORE_TYPE",
            "REDIS",
            "UNRELATED",
            "x");

    NodeConfig fileOnly = NodeConfig.from(Config.load(file, Map.of(), Map.of()));
    assertEquals(9090, fileOnly.httpPort());

    NodeConfig withEnv = NodeConfig.from(Config.load(file, env, Map.of()));
    assertEquals(9191, withEnv.httpPort());
    assertEquals(800, withEnv.busTimeoutMs());
    assertEquals("10.1.1.1", withEnv.httpHost(), "the file still wins over defaults");
    assertEquals(StoreConfig.Type.REDIS, StoreConfig.from(Config.load(file, env, Map.of())).type());

    NodeConfig withFlags = NodeConfig.from(Config.load(file, env, Map.of("node.httpPort", "9292")));
    assertEquals(9292, withFlags.httpPort());
    assertEquals(
        800, withFlags.busTimeoutMs(), "env still wins over the file where no flag is given");

    assertEquals(9393, NodeConfig.from(Config.of(Map.of("node.httpPort", "9393"))).httpPort());
    assertEquals(
        9494,
        NodeConfig.from(Config.load(null, Map.of("LIVEROOM_NODE_HTTP_PORT", "9494"), Map.of()))
            .httpPort());
  }

  @Test
  void envNamesAreScreamingSnakeCase() {
    assertEquals("LIVEROOM_GATEWAY_MAX_FRAME_BYTES", Config.envName("gateway", "maxFrameBytes"));
    assertEquals("LIVEROOM_NODE_HTTP_PORT", Config.envName("node", "httpPort"));
    assertEquals("LIVEROOM_STORE_TYPE", Config.envName("store", "type"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "node.httpPort       | abc          | integer",
        "node.httpPort       | 70000        | between 0 and 65535",
        "node.httpPort       | -1           | between 0 and 65535",
        "node.busTimeoutMs   | 10           | between 50",
        "node.id             | has space    | letters",
        "node.roles          | gateway,bogus| bogus",
        "node.roles          | ' , '        | at least one role",
        "node.httpHost       | '  '         | empty",
        "store.type          | mongo        | mongo",
        "store.redisUrl      | http://x     | redis://",
        "store.redisUrl      | redis://     | redis://",
        "store.redisUrl      | 'not a url'  | redis://",
        "store.redisPoolSize | 0            | between 1 and 1024",
        "cluster.enabled     | maybe        | true or false",
        "cluster.members     | ''           | at least one member",
        "cluster.members     | 'a b'        | not a host",
        "cluster.port        | 0            | between 1 and 65535",
      })
  void badValuesNameTheirKey(String key, String value, String problem) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> parse(key, Config.of(Map.of(key, value))));
    assertEquals(key, e.key());
    assertTrue(e.getMessage().startsWith(key + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void badValuesFromEnvAndFileNameTheirKeyToo() throws Exception {
    ConfigException fromEnv =
        assertThrows(
            ConfigException.class,
            () ->
                NodeConfig.from(
                    Config.load(null, Map.of("LIVEROOM_NODE_HTTP_PORT", "80a"), Map.of())));
    assertEquals("node.httpPort", fromEnv.key());
    for (String json : List.of("1.5", "true", "[8080]", "18446744073709559696")) {
      Path file = file("{\"node\": {\"httpPort\": " + json + "}}");
      ConfigException fromFile =
          assertThrows(
              ConfigException.class,
              () -> NodeConfig.from(Config.load(file, Map.of(), Map.of())),
              "httpPort " + json);
      assertEquals("node.httpPort", fromFile.key());
    }
  }

  @Test
  void unknownKeyInAFileSectionNamesSectionAndKey() throws Exception {
    Config config = Config.load(file("{\"node\": {\"httpPrt\": 9090}}"), Map.of(), Map.of());
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.from(config));
    assertEquals("node.httpPrt", e.key());
    assertTrue(e.getMessage().contains("httpPort"), "lists the known keys: " + e.getMessage());

    ConfigException flag =
        assertThrows(
            ConfigException.class,
            () -> StoreConfig.from(Config.of(Map.of("store.tpye", "redis"))));
    assertEquals("store.tpye", flag.key());
  }

  @Test
  void unknownSectionsFailTheSectionCheck() throws Exception {
    Config config =
        Config.load(file("{\"node\": {}, \"nodes\": {\"httpPort\": 1}}"), Map.of(), Map.of());
    ConfigException e = assertThrows(ConfigException.class, () -> config.checkKnownSections(KNOWN));
    assertEquals("nodes", e.key());
    assertTrue(e.getMessage().contains("unknown configuration section"), e.getMessage());

    ConfigException flag =
        assertThrows(
            ConfigException.class,
            () -> Config.of(Map.of("gatway.port", "1")).checkKnownSections(KNOWN));
    assertEquals("gatway.port", flag.key());
    assertDoesNotThrow(() -> Config.of(Map.of("node.httpPort", "1")).checkKnownSections(KNOWN));
  }

  @Test
  void unreadableOrMalformedFilesAreConfigErrors() throws Exception {
    ConfigException missing =
        assertThrows(
            ConfigException.class,
            () -> Config.load(dir.resolve("absent.json"), Map.of(), Map.of()));
    assertEquals("--config", missing.key());
    for (String json :
        List.of("{not json", "[1, 2]", "{\"node\": 5}", "{\"node\": [\"httpPort\"]}")) {
      ConfigException e =
          assertThrows(
              ConfigException.class, () -> Config.load(file(json), Map.of(), Map.of()), json);
      assertEquals("--config", e.key());
    }
  }

  @Test
  void aNullSectionInTheFileOverridesNothing() throws Exception {
    Config config =
        Config.load(
            file("{\"node\": null, \"store\": {\"keyPrefix\": \"x:\"}}"), Map.of(), Map.of());
    assertEquals(8080, NodeConfig.from(config).httpPort());
    assertEquals("x:", StoreConfig.from(config).keyPrefix());
  }

  @Test
  void listsComeFromCommaSeparatedEnvStrings() {
    Config config =
        Config.load(
            null,
            Map.of(
                "LIVEROOM_CLUSTER_MEMBERS",
                " 10.0.0.1:5701, node-b ,,[::1]:5701 ",
                "LIVEROOM_NODE_ROLES",
                "gateway, ROOM"),
            Map.of());
    assertEquals(
        List.of("10.0.0.1:5701", "node-b", "[::1]:5701"), ClusterConfig.from(config).members());
    assertEquals(Set.of(Role.GATEWAY, Role.ROOM), NodeConfig.from(config).roles());
    assertEquals(
        List.of("a", "b"),
        Config.of(Map.of("cluster.members", " a, b ,")).section("cluster").getList("members"),
        "flags use the same comma-separated form");
  }

  @Test
  void roleAllExpandsToEveryRole() {
    for (String roles : List.of("all", "ALL", "all,gateway", "media,all")) {
      NodeConfig node = NodeConfig.from(Config.of(Map.of("node.roles", roles)));
      assertEquals(EnumSet.allOf(Role.class), node.roles(), roles);
      assertEquals(6, node.roles().size()); // gateway, room, presence, chat, media, egress
      for (Role role : Role.values()) {
        assertTrue(node.has(role));
      }
    }
    NodeConfig gatewayOnly = NodeConfig.from(Config.of(Map.of("node.roles", "gateway")));
    assertTrue(gatewayOnly.has(Role.GATEWAY));
    assertFalse(gatewayOnly.has(Role.ROOM));
  }

  @Test
  void booleansAcceptCommonSpellings() {
    Function<String, Boolean> enabled =
        v -> ClusterConfig.from(Config.of(Map.of("cluster.enabled", v))).enabled();
    for (String yes : List.of("true", "TRUE", "yes", "1", "on", " on ")) {
      assertTrue(enabled.apply(yes), yes);
    }
    for (String no : List.of("false", "no", "0", "off", "Off")) {
      assertFalse(enabled.apply(no), no);
    }
  }

  private static Object parse(String key, Config config) {
    return switch (key.substring(0, key.indexOf('.'))) {
      case NodeConfig.SECTION -> NodeConfig.from(config);
      case ClusterConfig.SECTION -> ClusterConfig.from(config);
      case StoreConfig.SECTION -> StoreConfig.from(config);
      default -> throw new IllegalArgumentException(key);
    };
  }

  private Path file(String json) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "liveroom", ".json"), json);
  }
}
