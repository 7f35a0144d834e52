package faultline.environments.local;

import faultline.environments.nodes.Resp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.ClockControl;
import faultline.environments.Endpoint;
import faultline.environments.Node;
import faultline.environments.ProcessControl;
import faultline.environments.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The clock-offset library in real servers: the node's own reading of its clock (Redis TIME,
 * PostgreSQL now()) is off true time by the offset while it is on, and true after it is restored;
 * a key's TTL, a wall-clock deadline, expires at once when the clock jumps past it. Bounds leave a
 * minute of slack either way, far more than a loaded machine's delays and far less than the hour.
 */
class ClockControlTest extends EnvironmentTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final long SLACK_SECONDS = 60;

  @Test
  void redisTimeAndKeyExpiryFollowTheOffsetAndTrueTimeComesBack() throws Exception {
    start(Topology.REDIS_SINGLE, b -> b.clockControl(true));
    Node n1 = env.node("n1");
    ClockControl clock = env.require(ClockControl.class);
    Endpoint clients = env.clientEndpoint(n1);
    assertThat(offBy(redisTime(clients, env.credentials()))).isBetween(-SLACK_SECONDS, SLACK_SECONDS);
    assertThat(Resp.text(clients, env.credentials(), "SET", "lease", "held", "EX", "600")).isEqualTo("OK");

    clock.offset(n1, HOUR.negated());
    assertThat(clock.offset(n1)).isEqualTo(HOUR.negated());
    assertThat(offBy(redisTime(clients, env.credentials()))).as("TIME an hour behind").isBetween(-3600 - SLACK_SECONDS, -3600 + SLACK_SECONDS);
    assertThat(Resp.text(clients, env.credentials(), "GET", "lease")).as("a step back keeps the key").isEqualTo("held");

    clock.offset(n1, HOUR);
    assertThat(offBy(redisTime(clients, env.credentials()))).as("TIME an hour ahead").isBetween(3600 - SLACK_SECONDS, 3600 + SLACK_SECONDS);
    assertThat(Resp.call(clients, env.credentials(), "GET", "lease")).as("a jump past its 600 s TTL expires the key at once").isNull();

    clock.offset(n1, Duration.ZERO);
    assertThat(clock.offset(n1)).isZero();
    assertThat(offBy(redisTime(clients, env.credentials()))).as("true time after the restore").isBetween(-SLACK_SECONDS, SLACK_SECONDS);
  }

  @Test
  void postgresNowFollowsTheOffsetInNewAndOldSessionsAndAcrossARestart() throws Exception {
    start(Topology.PG_SINGLE, b -> b.clockControl(true));
    Node n1 = env.node("n1");
    ClockControl clock = env.require(ClockControl.class);
    Endpoint clients = env.clientEndpoint(n1);
    String epoch = "SELECT extract(epoch FROM clock_timestamp())::bigint";
    assertThat(offBy(Long.parseLong(Sql.value(env, clients, epoch)))).isBetween(-SLACK_SECONDS, SLACK_SECONDS);
    clock.offset(n1, HOUR);
    // A backend forked before or after the change: both map the one control file.
    assertThat(offBy(Long.parseLong(Sql.value(env, clients, "SELECT extract(epoch FROM now())::bigint"))))
        .as("now() an hour ahead").isBetween(3600 - SLACK_SECONDS, 3600 + SLACK_SECONDS);
    ProcessControl processes = env.require(ProcessControl.class);
    processes.kill(n1);
    processes.start(n1);
    assertThat(offBy(Long.parseLong(Sql.value(env, clients, epoch, 60)))).as("the offset outlives a restart")
        .isBetween(3600 - SLACK_SECONDS, 3600 + SLACK_SECONDS);
    clock.offset(n1, Duration.ZERO);
    assertThat(offBy(Long.parseLong(Sql.value(env, clients, epoch)))).as("true time after the restore").isBetween(-SLACK_SECONDS, SLACK_SECONDS);
  }

  @Test
  void theLibraryIsInEveryNodeAndAnOffsetOutOfRangeOrOnADownNodeIsRefused() throws Exception {
    start(Topology.REDIS_REPLICATED, b -> b.clockControl(true));
    ClockControl clock = env.require(ClockControl.class);
    for (Node node : env.nodes()) {
      assertThat(Files.readString(Path.of("/proc", Long.toString(node.pid().orElseThrow()), "maps"))).as(node.name()).contains("clock-offset-");
    }
    assertThatThrownBy(() -> clock.offset(env.node("n1"), ClockControl.MAX.plusMillis(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> clock.offset(env.node("n1"), ClockControl.MAX.negated().minusMillis(1))).isInstanceOf(IllegalArgumentException.class);
    env.require(ProcessControl.class).kill(env.node("n2"));
    assertThatThrownBy(() -> clock.offset(env.node("n2"), HOUR)).hasMessageContaining("not running");
    assertThat(clock.offset(env.node("n2"))).isZero();
  }

  @Test
  void withoutTheOptionNoClockControlIsOffered() throws Exception {
    start(Topology.REDIS_SINGLE);
    assertThat(env.capability(ClockControl.class)).isEmpty();
  }

  /** Redis TIME's seconds. */
  private static long redisTime(Endpoint clients, faultline.environments.Credentials credentials) throws Exception {
    return Long.parseLong(((List<?>) Resp.call(clients, credentials, "TIME")).get(0).toString());
  }

  /** How far {@code epochSeconds} is from this machine's true clock (this JVM's is not offset). */
  private static long offBy(long epochSeconds) {
    return epochSeconds - System.currentTimeMillis() / 1000;
  }
}
