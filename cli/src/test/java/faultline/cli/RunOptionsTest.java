package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.cli.CheckCommandTest.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options that do not apply to the chosen database are refused before anything starts, never ignored. */
class RunOptionsTest {
  @TempDir Path dir;

  private Run run(String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "run";
    System.arraycopy(options, 0, args, 1, options.length);
    args[options.length + 1] = "--store";
    args[options.length + 2] = dir.resolve("store").toString();
    return CheckCommandTest.run(args);
  }

  @Test
  void isolationOnRedisIsRefused() {
    Run scenario = run("--scenario", "redis-register-cas", "--isolation", "serializable");
    assertThat(scenario.code()).isEqualTo(64);
    assertThat(scenario.err().strip()).isEqualTo("faultline: --isolation applies to PostgreSQL only, not to redis-single");
    Run topology = run("--topology", "redis-replicated", "--isolation", "repeatable-read");
    assertThat(topology.code()).isEqualTo(64);
    assertThat(topology.err().strip()).isEqualTo("faultline: --isolation applies to PostgreSQL only, not to redis-replicated");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void aServerVersionThatIsNoneOrForTheOtherDatabaseIsRefused() throws Exception {
    Run malformed = run("--scenario", "pg-append-serializable", "--postgres-version", "eighteen");
    assertThat(malformed.code()).isEqualTo(64);
    assertThat(malformed.err().strip()).isEqualTo("faultline: --postgres-version eighteen: not a PostgreSQL version "
        + "(MAJOR.MINOR, for example 18.1) nor a folder of PostgreSQL programs");
    Run redis = run("--scenario", "redis-register-cas", "--postgres-version", "18.1");
    assertThat(redis.code()).isEqualTo(64);
    assertThat(redis.err().strip()).isEqualTo("faultline: --postgres-version applies to PostgreSQL only, not to redis-single");
    Path empty = java.nio.file.Files.createDirectory(dir.resolve("bin"));
    Run folder = run("--topology", "pg-single", "--postgres-version", empty.toString());
    assertThat(folder.code()).isEqualTo(64);
    assertThat(folder.err().strip()).isEqualTo("faultline: --postgres-version " + empty + ": no PostgreSQL initdb, pg_ctl, postgres there");
    Run redisVersion = run("--scenario", "redis-register-cas", "--redis-version", "seven");
    assertThat(redisVersion.code()).isEqualTo(64);
    assertThat(redisVersion.err().strip()).isEqualTo("faultline: --redis-version seven: not a Redis version (for example 7.0.15) "
        + "nor a folder holding redis-server");
    Run redisOnPostgres = run("--topology", "pg-single", "--redis-version", "7.0");
    assertThat(redisOnPostgres.code()).isEqualTo(64);
    assertThat(redisOnPostgres.err().strip()).isEqualTo("faultline: --redis-version applies to Redis only, not to pg-single");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void aServerVersionForServersAtAnEndpointIsRefusedBeforeAnyoneIsAsked() {
    // Nothing listens at port 1: the refusal comes before the endpoint is asked anything.
    Run pg = run("--endpoint", "postgres://u:p@127.0.0.1:1/db", "--postgres-version", "18.7");
    assertThat(pg.code()).isEqualTo(64);
    assertThat(pg.err().strip()).isEqualTo("faultline: --postgres-version applies to servers faultline starts, not to --endpoint's");
    Run redis = run("--endpoint", "redis://:p@127.0.0.1:1", "--redis-version", "/usr/bin");
    assertThat(redis.code()).isEqualTo(64);
    assertThat(redis.err().strip()).isEqualTo("faultline: --redis-version applies to servers faultline starts, not to --endpoint's");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void waitReplicasOnPostgresIsRefused() {
    Run r = run("--topology", "pg-replicated", "--wait-replicas", "1");
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err().strip()).isEqualTo("faultline: --wait-replicas applies to Redis only, not to pg-replicated");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void appendfsyncOnPostgresOrOfAnUnknownModeIsRefused() {
    Run pg = run("--topology", "pg-single", "--appendfsync", "always");
    assertThat(pg.code()).isEqualTo(64);
    assertThat(pg.err().strip()).isEqualTo("faultline: --appendfsync applies to Redis only, not to pg-single");
    Run unknown = run("--scenario", "redis-counter-incr", "--appendfsync", "sometimes");
    assertThat(unknown.code()).isEqualTo(64);
    assertThat(unknown.err().strip()).isEqualTo("faultline: unknown --appendfsync 'sometimes'; known: always, everysec, no");
    Run delay = run("--scenario", "redis-counter-incr", "--nemesis", "disk-stall:0");
    assertThat(delay.code()).isEqualTo(64);
    assertThat(delay.err().strip()).isEqualTo("faultline: the delay of disk-stall:0 must be 1 to 60000 ms");
    assertThat(dir.resolve("store")).doesNotExist();
  }

  /** Each of these started the servers (exit 70 or a late 64) or was silently ignored. */
  @Test
  void optionsTheTopologyOrWorkloadCannotUseAreRefusedBeforeStart() {
    String[][] cases = {
        {"--topology", "redis-single", "--read-from", "replica"},
        {"--topology", "pg-single", "--read-from", "any"},
        {"--topology", "redis-sentinel", "--workload", "set", "--read-from", "replica"},
        {"--topology", "redis-cluster", "--workload", "set", "--read-from", "any"},
        {"--scenario", "pg-append-serializable", "--read-from", "replica"},
        {"--topology", "redis-single", "--replication-latency", "100"},
        {"--topology", "redis-sentinel", "--workload", "set", "--replication-latency", "100"},
        {"--topology", "redis-single", "--wait-replicas", "1"},
        {"--topology", "redis-single", "--workload", "list-append", "--model", "register"},
        {"--topology", "pg-single", "--workload", "bank", "--keys", "3"},
        {"--topology", "pg-single", "--workload", "bank", "--ops-per-key", "3"},
    };
    for (String[] options : cases) {
      Run r = run(options);
      assertThat(r.code()).as(String.join(" ", options)).isEqualTo(64);
      assertThat(r.err().strip()).as(String.join(" ", options)).startsWith("faultline: --").doesNotContain("\n");
      assertThat(dir.resolve("store")).as(String.join(" ", options)).doesNotExist();
    }
  }

  /** A link fault naming no link of the topology made every fault fail, and the run valid. */
  @Test
  void aFaultOnALinkTheTopologyLacksIsRefusedBeforeStart() {
    Run r = run("--topology", "redis-single", "--nemesis", "latency:client");
    assertThat(r.code()).isEqualTo(64);
    assertThat(r.err().strip()).contains("no link of redis-single is named 'client'").contains("clients_to_n1");
    assertThat(dir.resolve("store")).doesNotExist();
    assertThat(run("--topology", "redis-replicated", "--nemesis", "link-down:n1_to_n4").code()).isEqualTo(64);
  }
}
