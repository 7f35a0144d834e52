package faultline.workloads;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.checker.counter.CounterChecker;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.set.SetChecker;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Node;
import faultline.environments.ProcessControl;
import faultline.environments.Topology;
import faultline.environments.local.LocalEnvironment;
import faultline.workloads.redis.RedisClients;
import faultline.workloads.redis.RedisVariant;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients on a real Redis Cluster: keys go to the shard owning their slot, and follow a failover. */
class RedisClusterClientsTest {
  @TempDir Path dir;

  private static final ClientOptions OPTIONS = new ClientOptions(ClientOptions.ReadFrom.PRIMARY, 0,
      ClientOptions.Isolation.READ_COMMITTED, Duration.ofMillis(500), Duration.ofMillis(500));

  @Test
  void countersOnEveryShardAddUp() throws Exception {
    try (Environment env = LocalEnvironment.builder(Topology.REDIS_CLUSTER).runDirectory(dir.resolve("nodes")).start()) {
      RunConfig config = new RunConfig(5, Duration.ofSeconds(3), 500, 12, 40, 7, Duration.ofMillis(200), 3);
      List<Op> ops = run(env, RedisVariant.INCRBY, new CounterWorkload(), config);

      assertThat(ops).filteredOn(op -> op.type() == OpType.INFO).isEmpty();
      assertThat(ops).filteredOn(op -> op.type() == OpType.OK).hasSizeGreaterThan(100);
      assertThat(new CounterChecker().check(faultline.checker.history.History.of("cluster", ops)).verdict()).isEqualTo(Verdict.VALID);
      // Every primary holds keys of its own: the client routed by slot, not to one node.
      for (String primary : List.of("n1", "n2", "n3")) assertThat(keysOn(env, env.node(primary))).as(primary).isPositive();
    }
  }

  @Test
  void addsFollowTheShardToItsNewPrimaryAfterAFailover() throws Exception {
    try (Environment env = LocalEnvironment.builder(Topology.REDIS_CLUSTER).runDirectory(dir.resolve("nodes")).start()) {
      Node n1 = env.node("n1");
      // n1 owns the first third of the slots (RedisClusterTopology); its replica n4 takes over.
      RunConfig config = new RunConfig(5, Duration.ofSeconds(14), 300, 12, 1000, 11, Duration.ofSeconds(1), 3);
      Thread killer = Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(3000); // about 3 s into the run: the history's clock starts just after this thread
          env.require(ProcessControl.class).kill(n1);
        } catch (InterruptedException ignored) {
          // the run ended first
        }
      });
      List<Op> ops = run(env, RedisVariant.SADD, new SetWorkload(), config);
      killer.join();

      Set<Object> n1Keys = new HashSet<>();
      for (Op op : ops) if (op.key() != null && SlotHash.getSlot(op.key().toString()) < 16384 / 3) n1Keys.add(op.key());
      assertThat(n1Keys).as("keys in n1's slots").isNotEmpty();
      // Acknowledged adds to n1's keys, invoked 8 s and more after the kill: the clients found n4.
      long late = Duration.ofSeconds(11).toNanos();
      assertThat(ops).filteredOn(op -> op.type() == OpType.OK && "add".equals(op.f()) && n1Keys.contains(op.key()) && op.time() > late)
          .isNotEmpty();
      // A kill -9 may lose adds n1 acknowledged but had not yet sent to n4 (asynchronous
      // replication): the checker decides, the test only needs it to decide.
      assertThat(new SetChecker().check(faultline.checker.history.History.of("cluster", ops)).verdict()).isNotEqualTo(Verdict.UNKNOWN);
    }
  }

  private List<Op> run(Environment env, RedisVariant variant, Workload workload, RunConfig config) throws Exception {
    List<Endpoint> seeds = env.nodes().stream().map(env::clientEndpoint).toList();
    Targets targets = Targets.cluster(new ClusterSeeds(seeds, env::clientRoute), env.credentials());
    try (RedisClients clients = new RedisClients(variant, targets, OPTIONS);
        HistoryRecorder recorder = new HistoryRecorder(dir.resolve(variant.id() + ".jsonl"))) {
      clients.setup();
      new Runner(config, workload, clients, recorder, new RunStats()).run();
      return recorder.history().ops();
    }
  }

  private static long keysOn(Environment env, Node node) {
    RedisClient client = RedisClient.create(RedisURI.builder().withHost(node.address().host()).withPort(node.address().port())
        .withPassword(env.credentials().passwordChars()).build());
    try (var connection = client.connect()) {
      return connection.sync().dbsize();
    } finally {
      client.shutdown();
    }
  }
}
