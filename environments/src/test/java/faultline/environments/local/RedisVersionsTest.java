package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Node;
import faultline.environments.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --redis-version: a folder holding redis-server runs every node and sentinel; no other version is fetched. */
class RedisVersionsTest extends EnvironmentTest {
  @TempDir Path folder;

  @Test
  void everyNodeAndSentinelRunsTheRedisServerOfTheFolder() throws Exception {
    Files.copy(Binaries.redisServer(), folder.resolve("redis-server"), StandardCopyOption.COPY_ATTRIBUTES);
    start(Topology.REDIS_SENTINEL, b -> b.redisPrograms(RedisVersions.programs(folder.toString())));
    for (Node node : env.nodes()) {
      Path exe = Path.of("/proc", Long.toString(node.pid().orElseThrow()), "exe").toRealPath();
      assertThat(exe).as("%s's program", node.name()).isEqualTo(folder.resolve("redis-server").toRealPath());
    }
  }

  @Test
  void aFolderWithoutRedisServerOrAMalformedVersionIsBadInput() {
    assertThatThrownBy(() -> RedisVersions.programs(folder.toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--redis-version " + folder + ": no redis-server there");
    assertThatThrownBy(() -> RedisVersions.programs("seven"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--redis-version seven: not a Redis version (for example 7.0.15) nor a folder holding redis-server");
  }

  @Test
  void theInstalledVersionIsTakenAndAnyOtherRefusedNamingIt() {
    String installed = RedisVersions.installedVersion();
    assertThat(installed).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(RedisVersions.programs(installed)).isNull();
    assertThat(RedisVersions.programs(installed.substring(0, installed.lastIndexOf('.')))).as("MAJOR.MINOR names it too").isNull();
    assertThatThrownBy(() -> RedisVersions.programs("99.1"))
        .isInstanceOf(EnvironmentUnavailableException.class)
        .hasMessageStartingWith("--redis-version 99.1: faultline fetches no Redis, and the installed redis-server is ");
  }
}
