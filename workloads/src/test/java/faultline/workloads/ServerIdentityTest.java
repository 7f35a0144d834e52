package faultline.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a server says it is, as the history's node field records it. */
class ServerIdentityTest {
  @Test
  void redisInfoServerGivesHomeRunAndTheNodeFolder() {
    String info = "# Server\r\nredis_version:7.0.15\r\nprocess_id:4242\r\nrun_id:4f3a9c0d\r\n"
        + "config_file:/store/t/20260101T000000.000/nodes/n2/redis.conf\r\n";
    ServerIdentity s = ServerIdentity.ofRedisInfo(info);
    assertThat(s).isEqualTo(new ServerIdentity("n2", "/store/t/20260101T000000.000/nodes/n2/redis.conf", "4f3a9c0d"));
    assertThat(s.toJson()).containsEntry("name", "n2").containsEntry("run", "4f3a9c0d");
    assertThat(ServerIdentity.infoField(info, "redis_version")).isEqualTo("7.0.15");
  }

  @Test
  void aServerWithoutAConfigFileHasNoNodeName() {
    // A redis-server started without a file (not one of ours) reports an empty config_file.
    assertThat(ServerIdentity.ofRedisInfo("run_id:abc\nconfig_file:\n").name()).isEqualTo("?");
  }

  @Test
  void postgresDataDirectoryNamesTheNode() {
    ServerIdentity s = ServerIdentity.ofPostgres("/store/t/x/nodes/n3/data", "2026-01-01 00:00:00+00", "7715");
    assertThat(s.name()).isEqualTo("n3");
    assertThat(s.run()).isEqualTo("2026-01-01 00:00:00+00 system 7715");
  }
}
