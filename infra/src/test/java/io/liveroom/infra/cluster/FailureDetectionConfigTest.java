package io.liveroom.infra.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.hazelcast.config.Config;
import io.liveroom.infra.config.ClusterConfig;
import io.liveroom.infra.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hazelcast's failure detection comes from the cluster config, never from its own defaults. */
class FailureDetectionConfigTest {
  @Test
  void defaultsAreDeliberate() {
    ClusterConfig c = ClusterConfig.from(io.liveroom.infra.config.Config.defaults());
    Config hz = ClusterBootstrap.hazelcastConfig(c);
    assertEquals("1", hz.getProperty("hazelcast.heartbeat.interval.seconds"));
    assertEquals("10", hz.getProperty("hazelcast.max.no.heartbeat.seconds"));
    assertEquals("deadline", hz.getProperty("hazelcast.heartbeat.failuredetector.type"));
    assertEquals("5", hz.getProperty("hazelcast.merge.first.run.delay.seconds"));
  }

  @Test
  void phiAccrualFromTheEnvironment() throws Exception {
    ClusterConfig c =
        ClusterConfig.from(
            io.liveroom.infra.config.Config.load(
                null,
                Map.of(
                    "LIVEROOM_CLUSTER_FAILURE_DETECTOR", "phi-accrual",
                    "LIVEROOM_CLUSTER_PHI_THRESHOLD", "8.5",
                    "LIVEROOM_CLUSTER_MAX_NO_HEARTBEAT_SECONDS", "5"),
                Map.of()));
    Config hz = ClusterBootstrap.hazelcastConfig(c);
    assertEquals("phi-accrual", hz.getProperty("hazelcast.heartbeat.failuredetector.type"));
    assertEquals("8.5", hz.getProperty("hazelcast.heartbeat.phiaccrual.failuredetector.threshold"));
    assertEquals("5", hz.getProperty("hazelcast.max.no.heartbeat.seconds"));
  }

  @Test
  void inconsistentSettingsAreRefused() {
    for (Map<String, String> bad :
        List.of(
            Map.of("cluster.failureDetector", "gossip"),
            Map.of("cluster.heartbeatIntervalSeconds", "5", "cluster.maxNoHeartbeatSeconds", "6"),
            Map.of("cluster.phiThreshold", "0"),
            Map.of("cluster.phiThreshold", "x"),
            Map.of("cluster.mergeDelaySeconds", "0"))) {
      assertThrows(
          ConfigException.class,
          () -> ClusterConfig.from(io.liveroom.infra.config.Config.of(bad)),
          bad.toString());
    }
  }
}
