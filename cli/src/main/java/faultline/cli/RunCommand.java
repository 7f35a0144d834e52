package faultline.cli;

import java.util.List;
import faultline.checker.UnknownName;
import faultline.checker.model.Models;
import faultline.cli.run.NemesisPlan;
import faultline.cli.run.Scenario;
import faultline.cli.run.Scenarios;
import faultline.cli.run.TestPlan;
import faultline.cli.run.TestRun;
import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariants;
import faultline.workloads.RunConfig;
import faultline.workloads.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faultline run}: starts a topology, runs a workload against it, records the history,
 * checks it and exits with the verdict. A scenario supplies every setting; options override.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Runs a workload against real servers (the local environment), records history.jsonl, checks it.",
      "Without arguments: the " + Scenarios.DEFAULT + " scenario for 30 s. List scenarios with 'faultline scenarios'.",
      "Results in STORE/<test>/<time>/ (STORE/latest points at the newest).",
      "Exit codes: 0 valid, 1 anomaly found, 2 unknown, 64 bad usage, 69 environment could not start, 70 internal error."
    })
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--scenario", paramLabel = "NAME", description = "a named scenario (see 'faultline scenarios')")
  String scenario;

  @Option(names = "--db", paramLabel = "DB", description = "redis or postgres (default: the topology's)")
  String db;

  @Option(names = "--topology", paramLabel = "T", description = "redis-single, redis-replicated, pg-single, pg-replicated, ... (default: DB's single node)")
  String topology;

  @Option(names = "--workload", paramLabel = "W", description = "counter, register, set, list-append, rw-register or bank (default: the client's, else register)")
  String workload;

  @Option(names = "--client", paramLabel = "C", description = "client variant: redis-incrby, redis-get-set, redis-watch-cas, redis-lua-cas, "
      + "redis-get-set-register, redis-sadd, redis-multi-append, redis-lua-append, redis-multi-register, redis-lua-register, redis-watch-bank, pg-update, pg-select-update, pg-update-where, pg-insert, pg-append, pg-txn-register, pg-bank, pg-bank-ledger")
  String client;

  @Option(names = "--read-from", paramLabel = "WHERE", description = "primary (default), replica or any (primary and replicas, round-robin per process); writes go to the primary")
  String readFrom;

  @Option(names = "--isolation", paramLabel = "LEVEL", description = "PostgreSQL: read-committed (default), repeatable-read or serializable")
  String isolation;

  @Option(names = "--wait-replicas", paramLabel = "N", description = "Redis: WAIT for N replicas after every write (default 0)")
  Integer waitReplicas;

  @Option(names = "--replication-latency", paramLabel = "MS", description = "latency added to every replication link by a Toxiproxy toxic")
  Integer replicationLatency;

  @Option(names = "--nemesis", paramLabel = "FAULTS", description = "faults, comma-separated, chosen at random with the seed: "
      + "partition[-isolate|-primary|-halves|-ring], kill[-primary], pause[-primary], failover[-kill], and latency, timeout, "
      + "drop-replies, reset-peer, bandwidth, slicer, limit-data, link-down, each [:clients|:peers|:PROXY], and "
      + "disk-stall[-kill][-primary][:MS], clock-skew[-primary][:±MS], clock-jump[-primary][:±MS], client-pause (default: the scenario's, else none)")
  String nemesis;

  @Option(names = "--nemesis-interval", paramLabel = "S", description = "seconds of quiet before each fault, and each fault's length (default: the scenario's, else 5)")
  Double nemesisInterval;

  @Option(names = "--sync", paramLabel = "MODE", description = "pg-replicated: off (asynchronous), on or remote_apply (synchronous_commit, quorum ANY 1); default: the scenario's, else off")
  String sync;

  @Option(names = "--appendfsync", paramLabel = "MODE", description = "Redis: when the AOF is fsynced: always, everysec or no (default: the scenario's, else everysec)")
  String appendfsync;

  @Option(names = "--time-limit", paramLabel = "S", description = "seconds of load (default 30)")
  Double timeLimit;

  @Option(names = "--concurrency", paramLabel = "N", description = "workers, each a logical process (default 10)")
  Integer concurrency;

  @Option(names = "--rate", paramLabel = "R", description = "total ops per second, 0 for no limit (default: the scenario's, else 1000)")
  Double rate;

  @Option(names = "--keys", paramLabel = "K", description = "keys receiving ops at once; list-append: the pool of active keys (default: the scenario's, else 10)")
  Integer keys;

  @Option(names = "--ops-per-key", paramLabel = "N", description = "ops per key before a fresh key; list-append: appends per key (default: the scenario's, else 100)")
  Integer opsPerKey;

  @Option(names = "--seed", paramLabel = "S", description = "seed of the op stream (default: random, recorded in test.json)")
  Long seed;

  @Option(names = "--op-timeout", paramLabel = "MS", defaultValue = "1000", description = "an op taking longer is recorded as info (default 1000)")
  long opTimeout;

  @Option(names = "--connect-timeout", paramLabel = "MS", defaultValue = "1000", description = "connection timeout (default 1000)")
  long connectTimeout;

  @Option(names = "--recovery-wait", paramLabel = "S", defaultValue = "1", description = "pause before the final reads (default 1)")
  double recoveryWait;

  @Option(names = "--model", paramLabel = "NAME", description = "registers: the model to check against (default cas-register)")
  String model;

  @Option(names = "--check-time-limit", paramLabel = "S", defaultValue = "120", description = "seconds the linearizability check may take; past it: unknown")
  double checkTimeLimit;

  @Option(names = "--store", paramLabel = "DIR", defaultValue = "store", description = "where run folders go (default ./store)")
  Path store;

  @Override
  public Integer call() throws Exception {
    TestPlan plan;
    try {
      plan = plan();
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
    return new TestRun(plan, store, System.out, System.err).execute();
  }

  /** Where the clients read from replicas: their replicas stay put (sentinels and a cluster move them). */
  private static boolean readsFromReplicas(Topology topology) {
    return topology == Topology.REDIS_REPLICATED || topology == Topology.PG_REPLICATED;
  }

  TestPlan plan() {
    boolean explicit = db != null || topology != null || workload != null || client != null;
    if (scenario != null && explicit) {
      throw new IllegalArgumentException("--scenario sets --db, --topology, --workload and --client; give either");
    }
    Scenario base = null;
    if (scenario != null || !explicit) {
      String name = scenario != null ? scenario : Scenarios.DEFAULT;
      base = Scenarios.byName(name).orElseThrow(() -> new IllegalArgumentException(
          UnknownName.message("scenario", name, Scenarios.ALL.stream().map(Scenario::name).toList(), "faultline scenarios lists them")));
    }

    Topology chosenTopology;
    String chosenWorkload;
    String chosenClient;
    if (base != null) {
      chosenTopology = base.topology();
      chosenWorkload = base.workload();
      chosenClient = base.client();
    } else {
      if (db != null && !db.equals("redis") && !db.equals("postgres")) throw new IllegalArgumentException(UnknownName.message("--db", db, List.of("redis", "postgres")));
      if (client != null) ClientVariants.workloadOf(client); // names the variants when unknown
      String database = db != null ? db
          : topology != null ? (Topology.byId(topology).isRedis() ? "redis" : "postgres")
          : client != null ? (ClientVariants.isRedis(client) ? "redis" : "postgres") : "redis";
      chosenTopology = topology != null ? Topology.byId(topology) : database.equals("redis") ? Topology.REDIS_SINGLE : Topology.PG_SINGLE;
      if (chosenTopology.isRedis() != database.equals("redis")) throw new IllegalArgumentException("topology " + chosenTopology + " is not " + database);
      chosenWorkload = workload != null ? workload : client != null ? ClientVariants.workloadOf(client) : "register";
      if (!Workloads.NAMES.contains(chosenWorkload)) Workloads.byName(chosenWorkload, false); // names the workloads
      chosenClient = client != null ? client : ClientVariants.defaultFor(database, chosenWorkload);
      if (ClientVariants.isRedis(chosenClient) != database.equals("redis")) throw new IllegalArgumentException("client " + chosenClient + " is not for " + database);
      if (!ClientVariants.workloadOf(chosenClient).equals(chosenWorkload)) {
        throw new IllegalArgumentException("client " + chosenClient + " runs the " + ClientVariants.workloadOf(chosenClient) + " workload, not " + chosenWorkload);
      }
    }

    // An option for the other database would be silently ignored: say so instead.
    if (isolation != null && chosenTopology.isRedis()) {
      throw new IllegalArgumentException("--isolation applies to PostgreSQL only, not to " + chosenTopology.id());
    }
    if (appendfsync != null && !chosenTopology.isRedis()) {
      throw new IllegalArgumentException("--appendfsync applies to Redis only, not to " + chosenTopology.id());
    }
    if (appendfsync != null && !TestPlan.APPENDFSYNC.contains(appendfsync)) {
      throw new IllegalArgumentException(UnknownName.message("--appendfsync", appendfsync, TestPlan.APPENDFSYNC));
    }
    if (waitReplicas != null && !chosenTopology.isRedis()) {
      throw new IllegalArgumentException("--wait-replicas applies to Redis only, not to " + chosenTopology.id());
    }
    ClientOptions.ReadFrom reads = readFrom != null ? ClientOptions.ReadFrom.byId(readFrom) : base != null ? base.readFrom() : ClientOptions.ReadFrom.PRIMARY;
    if (reads.usesReplicas() && !readsFromReplicas(chosenTopology)) {
      // The clients would refuse it only after the servers started (RedisClients, PostgresClients).
      throw new IllegalArgumentException("--read-from " + reads.id() + " needs replicas clients may read from (redis-replicated, "
          + "pg-replicated); " + chosenTopology.id() + (chosenTopology.dataNodes() == 1 ? " has none"
          : " changes its replicas with failovers, so reads go to the primary"));
    }
    if (waitReplicas != null && waitReplicas > 0 && chosenTopology.dataNodes() == 1) {
      throw new IllegalArgumentException("--wait-replicas " + waitReplicas + ": " + chosenTopology.id() + " has no replicas to wait for");
    }
    if (model != null && !chosenWorkload.equals("register")) {
      throw new IllegalArgumentException("--model applies to the register workload only, not to " + chosenWorkload);
    }
    if (chosenWorkload.equals("bank") && (keys != null || opsPerKey != null)) {
      throw new IllegalArgumentException((keys != null ? "--keys" : "--ops-per-key") + " does not apply to bank (its transfers span every account)");
    }
    if (replicationLatency != null && replicationLatency > 0 && !chosenTopology.hasReplicationLinks()) {
      throw new IllegalArgumentException("--replication-latency needs replication links of its own (redis-replicated, pg-replicated); "
          + chosenTopology.id() + " has none");
    }
    ClientOptions.Isolation level = isolation != null ? ClientOptions.Isolation.byId(isolation)
        : base != null ? base.isolation() : ClientOptions.Isolation.READ_COMMITTED;
    if (opTimeout <= 0 || connectTimeout <= 0) throw new IllegalArgumentException("timeouts must be positive");
    if (waitReplicas != null && waitReplicas < 0) throw new IllegalArgumentException("--wait-replicas must not be negative");
    ClientOptions options = new ClientOptions(reads, waitReplicas == null ? 0 : waitReplicas, level,
        Duration.ofMillis(connectTimeout), Duration.ofMillis(opTimeout));

    Duration loadTime = OptionRanges.positiveSeconds("--time-limit", timeLimit != null ? timeLimit : 30);
    Duration recovery = OptionRanges.seconds("--recovery-wait", recoveryWait);
    if (rate != null) OptionRanges.finiteNotNegative("--rate", rate);
    if (nemesisInterval != null) OptionRanges.positiveSeconds("--nemesis-interval", nemesisInterval);
    OptionRanges.positiveSeconds("--check-time-limit", checkTimeLimit);
    RunConfig load = new RunConfig(
        concurrency != null ? concurrency : 10,
        Duration.ofMillis(loadTime.toMillis()),
        rate != null ? rate : base != null ? base.rate() : 1000,
        keys != null ? keys : base != null ? base.keys() : 10,
        opsPerKey != null ? opsPerKey : base != null ? base.opsPerKey() : 100,
        seed != null ? seed : new java.security.SecureRandom().nextLong() >>> 16,
        Duration.ofMillis(recovery.toMillis()),
        3);

    String chosenModel = model != null ? model : "cas-register";
    if (!Models.NAMES.contains(chosenModel)) throw new IllegalArgumentException(UnknownName.message("model", chosenModel, Models.NAMES));
    if (!(checkTimeLimit > 0)) throw new IllegalArgumentException("--check-time-limit must be positive");
    int latency = replicationLatency != null ? replicationLatency : base != null ? base.replicationLatencyMillis() : 0;
    if (latency < 0) throw new IllegalArgumentException("--replication-latency must not be negative");

    NemesisPlan faults = NemesisPlan.of(nemesis != null ? nemesis : base != null ? base.nemesis() : "none",
        nemesisInterval != null ? nemesisInterval : base != null ? base.nemesisIntervalSeconds() : 5, chosenTopology);

    Replication replication = sync != null ? Replication.bySyncOption(sync) : base != null ? base.replication() : Replication.ASYNC;
    if (replication.isSynchronous() && chosenTopology != Topology.PG_REPLICATED) throw new IllegalArgumentException("--sync applies to pg-replicated only");

    String name = base != null ? base.name() : chosenTopology.id() + "-" + chosenWorkload + "-" + chosenClient;
    return new TestPlan(name, base != null ? base.demonstrates() : "", chosenTopology, chosenWorkload, chosenClient,
        options, load, latency, chosenModel, checkTimeLimit, faults, replication,
        appendfsync != null ? appendfsync : base != null ? base.appendfsync() : TestPlan.DEFAULT_APPENDFSYNC);
  }
}
