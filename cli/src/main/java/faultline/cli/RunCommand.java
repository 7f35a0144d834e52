package faultline.cli;

import java.util.List;
import java.util.Map;
import faultline.checker.UnknownName;
import faultline.checker.model.Models;
import faultline.cli.run.ExternalPlan;
import faultline.cli.run.NemesisPlan;
import faultline.cli.run.Scenario;
import faultline.cli.run.Scenarios;
import faultline.cli.run.TestPlan;
import faultline.cli.run.TestRun;
import faultline.cli.run.Environments;
import faultline.environments.Replication;
import faultline.environments.local.PostgresVersions;
import faultline.environments.local.RedisVersions;
import faultline.environments.EnvironmentKind;
import faultline.environments.docker.DockerEngine;
import faultline.environments.Topology;
import faultline.environments.ssh.Inventory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariant;
import faultline.workloads.ClientVariants;
import faultline.workloads.RunConfig;
import faultline.workloads.WorkloadKind;
import faultline.workloads.Workloads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code faultline run}: starts a topology, runs a workload against it, records the history,
 * checks it and exits with the verdict. A scenario supplies every setting; options override.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    versionProvider = Version.class,
    resourceBundle = "faultline.cli.RegistryHelp", // the option descriptions that list names, from the registries
    description = {
      "Runs a workload against real servers (the local environment), records history.jsonl, checks it.",
      "Without arguments: the " + Scenarios.DEFAULT + " scenario for 30 s. List scenarios with 'faultline scenarios'.",
      "Results in STORE/<test>/<time>/ (STORE/latest points at the newest).",
      "Exit codes: 0 valid, 1 anomaly found, 2 unknown, 64 bad usage, 69 environment could not start, 70 internal error."
    },
    footer = {
      "%nExamples:",
      "  faultline run",
      "      the " + Scenarios.DEFAULT + " scenario, 30 s of load",
      "  faultline run --scenario pg-failover-async-lost-writes --time-limit 60",
      "      a named scenario, for a minute",
      "  faultline run --topology redis-replicated --nemesis partition,kill --seed 42",
      "      a test of your own: replicated Redis, partitions and kills, a fixed seed"
    })
public final class RunCommand implements Callable<Integer> {

  /** What to run. */
  static final class What {
    @Option(names = "--scenario", paramLabel = "NAME", description = "a named scenario (see 'faultline scenarios')")
    String scenario;

    @Option(names = "--workload", paramLabel = "W", descriptionKey = "workload")
    String workload;

    @Option(names = "--client", paramLabel = "C", descriptionKey = "client")
    String client;
  }

  @ArgGroup(validate = false, heading = "%nWhat to run:%n")
  What what = new What();

  /** Where: the servers and their settings. */
  static final class Where {
    @Option(names = "--db", paramLabel = "DB", description = "redis or postgres (default: the topology's)")
    String db;

    @Option(names = "--topology", paramLabel = "T", descriptionKey = "topology")
    String topology;

    @Option(names = "--sync", paramLabel = "MODE", description = "pg-replicated: off (asynchronous), on or remote_apply (synchronous_commit, quorum ANY 1); default: the scenario's, else off")
    String sync;

    @Option(names = "--postgres-version", paramLabel = "V|DIR", description = "PostgreSQL: the version to run, MAJOR.MINOR "
        + "(fetched once from Maven Central: zonky's builds), or a folder of its programs (default: the newest installed)")
    String postgresVersion;

    @Option(names = "--redis-version", paramLabel = "V|DIR", description = "Redis: a folder holding the redis-server to run, "
        + "or the installed one's version (faultline fetches no Redis; default: the installed one)")
    String redisVersion;

    @Option(names = "--appendfsync", paramLabel = "MODE", description = "Redis: when the AOF is fsynced: always, everysec or no (default: the scenario's, else everysec)")
    String appendfsync;

    @Option(names = "--replication-latency", paramLabel = "MS", description = "latency added to every replication link by a Toxiproxy toxic")
    Integer replicationLatency;

    @Option(names = "--endpoint", paramLabel = "URL", description = "a server faultline did not start, instead of --topology: "
        + "redis://:PASSWORD@HOST:PORT or postgres://USER:PASSWORD@HOST:PORT/DB; repeatable, each then primary=URL or replica=URL")
    List<String> endpoints;

    @Option(names = "--env", paramLabel = "KIND", descriptionKey = "env")
    String env;

    @Option(names = "--image", paramLabel = "DB=NAME", description = "--env docker: the image Redis (redis=NAME) or PostgreSQL "
        + "(postgres=NAME) nodes run instead of faultline's own (built from Debian's packages by scripts/docker-image); "
        + "one the engine has, with the servers at Debian's paths; repeatable")
    List<String> images;

    @Option(names = "--inventory", paramLabel = "FILE", description = "--env ssh: the hosts (JSON, or YAML by its name): "
        + "the topology, and each host's name, address, port, user, key, roles and folder (docs/environments.md)")
    Path inventory;
  }

  @ArgGroup(validate = false, heading = "%nWhere: the servers and their settings:%n")
  Where where = new Where();

  /** The load. */
  static final class Load {
    @Option(names = "--time-limit", paramLabel = "S", description = "seconds of load (default 30)")
    Double timeLimit;

    @Option(names = "--concurrency", paramLabel = "N", description = "workers, each a logical process (default 10)")
    Integer concurrency;

    @Option(names = "--rate", paramLabel = "R", description = "total ops per second, 0 for no limit (default: the scenario's, else 1000)")
    Double rate;

    @Option(names = "--keys", paramLabel = "K", descriptionKey = "keys")
    Integer keys;

    @Option(names = "--ops-per-key", paramLabel = "N", descriptionKey = "ops-per-key")
    Integer opsPerKey;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the op stream (default: random, recorded in test.json)")
    Long seed;

    @Option(names = "--read-from", paramLabel = "WHERE", description = "primary (default), replica or any (primary and replicas, round-robin per process); writes go to the primary")
    String readFrom;

    @Option(names = "--isolation", paramLabel = "LEVEL", description = "PostgreSQL: read-committed (default), repeatable-read or serializable")
    String isolation;

    @Option(names = "--wait-replicas", paramLabel = "N", description = "Redis: WAIT for N replicas after every write (default 0)")
    Integer waitReplicas;

    @Option(names = "--op-timeout", paramLabel = "MS", defaultValue = "1000", description = "an op taking longer is recorded as info (default 1000)")
    long opTimeout = 1000;

    @Option(names = "--connect-timeout", paramLabel = "MS", defaultValue = "1000", description = "connection timeout (default 1000)")
    long connectTimeout = 1000;

    @Option(names = "--recovery-wait", paramLabel = "S", defaultValue = "1", description = "pause before the final reads (default 1)")
    double recoveryWait = 1;
  }

  @ArgGroup(validate = false, heading = "%nThe load:%n")
  Load loadOptions = new Load();

  /** Faults. */
  static final class Faults {
    @Option(names = "--nemesis", paramLabel = "FAULTS", descriptionKey = "nemesis")
    String nemesis;

    @Option(names = "--nemesis-interval", paramLabel = "S", description = "seconds of quiet before each fault, and each fault's length (default: the scenario's, else 5)")
    Double nemesisInterval;
  }

  @ArgGroup(validate = false, heading = "%nFaults:%n")
  Faults faultOptions = new Faults();

  /** Checking and output. */
  static final class Output {
    @Option(names = "--model", paramLabel = "NAME", descriptionKey = "run-model")
    String model;

    @Option(names = "--check-time-limit", paramLabel = "S", defaultValue = "120", description = "seconds the linearizability check may take; past it: unknown")
    double checkTimeLimit = 120;

    @Option(names = "--store", paramLabel = "DIR", defaultValue = "store", description = "where run folders go (default ./store)")
    Path store = Path.of("store");
  }

  @ArgGroup(validate = false, heading = "%nChecking and output:%n")
  Output output = new Output();

  @Override
  public Integer call() throws Exception {
    TestPlan plan;
    try {
      plan = plan();
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    }
    return new TestRun(plan, output.store, System.out, System.err).execute();
  }

  /**
   * --env, checked against --endpoint and --inventory: each of those names its kind when --env does not.
   */
  private EnvironmentKind environmentKind(boolean endpoints) {
    EnvironmentKind kind = where.env != null ? EnvironmentKind.byId(where.env)
        : endpoints ? EnvironmentKind.EXTERNAL : where.inventory != null ? EnvironmentKind.SSH : EnvironmentKind.LOCAL;
    if (endpoints && kind != EnvironmentKind.EXTERNAL) {
      throw new IllegalArgumentException("--endpoint names servers faultline did not start (--env external), not --env " + kind);
    }
    if (kind == EnvironmentKind.EXTERNAL && !endpoints) {
      throw new IllegalArgumentException("--env external runs on servers faultline did not start: name them with --endpoint URL");
    }
    if (where.inventory != null && kind != EnvironmentKind.SSH) {
      throw new IllegalArgumentException("--inventory lists the hosts of --env ssh, not of --env " + kind);
    }
    if (kind == EnvironmentKind.SSH && where.inventory == null) {
      throw new IllegalArgumentException("--env ssh needs --inventory FILE: the hosts to run on");
    }
    return kind;
  }

  /** The topologies that have {@code property}, for messages: "redis-replicated, pg-replicated". */
  private static String topologies(Predicate<Topology> property) {
    return String.join(", ", Arrays.stream(Topology.values()).filter(property).map(Topology::id).toList());
  }

  TestPlan plan() {
    boolean explicit = where.db != null || where.topology != null || what.workload != null || what.client != null;
    ExternalPlan external = where.endpoints == null ? null : ExternalPlan.of(where.endpoints);
    if (external != null && where.topology != null && !where.topology.equals(external.topology().id())) {
      throw new IllegalArgumentException("--endpoint runs on the servers it names (" + external.topology() + "); --topology " + where.topology + " would start others");
    }
    EnvironmentKind kind = environmentKind(external != null);
    Inventory inventory = kind == EnvironmentKind.SSH ? Inventory.read(where.inventory) : null;
    Map<String, String> images = Environments.images(where.images, kind);
    // One line before anything is made (a run folder, a plan printed): no engine, no docker run.
    if (kind == EnvironmentKind.DOCKER) {
      DockerEngine.unavailableReason().ifPresent(why -> {
        throw new UserError(ExitCode.UNAVAILABLE, why);
      });
    }
    if (what.scenario != null && explicit) {
      throw new IllegalArgumentException("--scenario sets --db, --topology, --workload and --client; give either");
    }
    Scenario base = null;
    if (what.scenario != null || !explicit && external == null) {
      String name = what.scenario != null ? what.scenario : Scenarios.DEFAULT;
      base = Scenarios.byName(name).orElseThrow(() -> new IllegalArgumentException(
          UnknownName.message("scenario", name, Scenarios.ALL.stream().map(Scenario::name).toList(), "'faultline scenarios' lists them")));
    }

    Topology chosenTopology;
    String chosenWorkload;
    String chosenClient;
    if (base != null) {
      chosenTopology = base.topology();
      chosenWorkload = base.workload();
      chosenClient = base.client();
    } else {
      List<String> databases = List.of(ClientVariant.REDIS, ClientVariant.POSTGRES);
      if (where.db != null && !databases.contains(where.db)) throw new IllegalArgumentException(UnknownName.message("--db", where.db, databases));
      ClientVariant given = what.client != null ? ClientVariants.byId(what.client) : null; // names the variants when unknown
      String database = where.db != null ? where.db
          : external != null ? (external.topology().isRedis() ? ClientVariant.REDIS : ClientVariant.POSTGRES)
          : where.topology != null ? (Topology.byId(where.topology).isRedis() ? ClientVariant.REDIS : ClientVariant.POSTGRES)
          : given != null ? given.database()
          : what.workload != null && Workloads.kind(what.workload).defaultClient(ClientVariant.REDIS).isEmpty() ? ClientVariant.POSTGRES
          : ClientVariant.REDIS;
      chosenTopology = where.topology != null ? Topology.byId(where.topology) : database.equals(ClientVariant.REDIS) ? Topology.REDIS_SINGLE : Topology.PG_SINGLE;
      if (chosenTopology.isRedis() != database.equals(ClientVariant.REDIS)) throw new IllegalArgumentException("topology " + chosenTopology + " is not " + database);
      chosenWorkload = Workloads.kind(what.workload != null ? what.workload : given != null ? ClientVariants.workloadOf(what.client) : "register").name();
      chosenClient = what.client != null ? what.client : ClientVariants.defaultFor(database, chosenWorkload);
      if (!ClientVariants.byId(chosenClient).database().equals(database)) throw new IllegalArgumentException("client " + chosenClient + " is not for " + database);
      if (!ClientVariants.workloadOf(chosenClient).equals(chosenWorkload)) {
        throw new IllegalArgumentException("client " + chosenClient + " runs the " + ClientVariants.workloadOf(chosenClient) + " workload, not " + chosenWorkload);
      }
      // Its own topology when none is named: the cache beside the database.
      if (where.topology == null && external == null && ClientVariants.byId(chosenClient).needsCache()) chosenTopology = Topology.CACHE_ASIDE;
    }
    if (ClientVariants.byId(chosenClient).needsCache() && (external != null || chosenTopology.cache().isEmpty())) {
      throw new IllegalArgumentException("client " + chosenClient + " needs a Redis cache beside PostgreSQL: --topology " + Topology.CACHE_ASIDE.id());
    }

    if (external != null) {
      if (chosenTopology.isRedis() != external.topology().isRedis()) throw new IllegalArgumentException("--endpoint names " + external.topology() + ", not " + chosenTopology);
      chosenTopology = external.topology();
      external.requireWorkload(chosenWorkload);
      // These choose how faultline starts its servers; servers at --endpoint run as they were started.
      if (where.appendfsync != null) throw new IllegalArgumentException("--appendfsync applies to servers faultline starts, not to --endpoint's");
      if (where.postgresVersion != null) throw new IllegalArgumentException("--postgres-version applies to servers faultline starts, not to --endpoint's");
      if (where.redisVersion != null) throw new IllegalArgumentException("--redis-version applies to servers faultline starts, not to --endpoint's");
    } else if (chosenTopology.isExternal()) {
      throw new IllegalArgumentException(chosenTopology + " runs on servers faultline did not start: name them with --endpoint URL");
    }
    if (inventory != null) {
      if (chosenTopology != inventory.topology()) {
        throw new IllegalArgumentException("inventory " + where.inventory + " lays " + inventory.topology().id() + ", not " + chosenTopology.id()
            + ": name a scenario or topology of " + inventory.topology().id() + ", or write an inventory for " + chosenTopology.id());
      }
      // The hosts run their installed packages; faultline fetches nothing onto them.
      if (where.postgresVersion != null) throw new IllegalArgumentException("--postgres-version: --env ssh runs the hosts' installed PostgreSQL");
      if (where.redisVersion != null) throw new IllegalArgumentException("--redis-version: --env ssh runs the hosts' installed redis-server");
    }
    if (kind == EnvironmentKind.DOCKER && (where.postgresVersion != null || where.redisVersion != null)) {
      throw new IllegalArgumentException((where.postgresVersion != null ? "--postgres-version" : "--redis-version")
          + ": --env docker runs the servers of its image; choose another with --image redis=NAME or --image postgres=NAME");
    }
    // An option for the other database would be silently ignored: say so instead.
    if (loadOptions.isolation != null && chosenTopology.isRedis()) {
      throw new IllegalArgumentException("--isolation applies to PostgreSQL only, not to " + chosenTopology.id());
    }
    if (where.postgresVersion != null && chosenTopology.isRedis()) {
      throw new IllegalArgumentException("--postgres-version applies to PostgreSQL only, not to " + chosenTopology.id());
    }
    if (where.postgresVersion != null) {
      if (where.postgresVersion.contains("/")) PostgresVersions.folder(where.postgresVersion);
      else PostgresVersions.artifactVersion(where.postgresVersion);
    }
    if (where.redisVersion != null && !chosenTopology.runsRedis()) {
      throw new IllegalArgumentException("--redis-version applies to Redis only, not to " + chosenTopology.id());
    }
    if (where.redisVersion != null) RedisVersions.check(where.redisVersion);
    if (where.appendfsync != null && !chosenTopology.runsRedis()) {
      throw new IllegalArgumentException("--appendfsync applies to Redis only, not to " + chosenTopology.id());
    }
    if (where.appendfsync != null && !TestPlan.APPENDFSYNC.contains(where.appendfsync)) {
      throw new IllegalArgumentException(UnknownName.message("--appendfsync", where.appendfsync, TestPlan.APPENDFSYNC));
    }
    if (loadOptions.waitReplicas != null && !chosenTopology.isRedis()) {
      throw new IllegalArgumentException("--wait-replicas applies to Redis only, not to " + chosenTopology.id());
    }
    ClientOptions.ReadFrom reads = loadOptions.readFrom != null ? ClientOptions.ReadFrom.byId(loadOptions.readFrom) : base != null ? base.readFrom() : ClientOptions.ReadFrom.PRIMARY;
    if (reads.usesReplicas() && !(external != null ? external.hasReplicas() : chosenTopology.replicasStayPut())) {
      // The clients would refuse it only after the servers started (RedisClients, PostgresClients).
      throw new IllegalArgumentException("--read-from " + reads.id() + " needs replicas clients may read from ("
          + topologies(Topology::replicasStayPut) + "); " + chosenTopology.id() + (chosenTopology.dataNodes() == 1 ? " has none"
          : " changes its replicas with failovers, so reads go to the primary"));
    }
    if (loadOptions.waitReplicas != null && loadOptions.waitReplicas > 0 && (external != null ? !external.hasReplicas() : chosenTopology.dataNodes() == 1)) {
      throw new IllegalArgumentException("--wait-replicas " + loadOptions.waitReplicas + ": " + chosenTopology.id() + " has no replicas to wait for");
    }
    WorkloadKind workloadKind = Workloads.kind(chosenWorkload);
    if (output.model != null && !workloadKind.takes("--model")) {
      throw new IllegalArgumentException("--model applies to the " + String.join(" and ", Workloads.ALL.stream().filter(k -> k.takes("--model"))
          .map(WorkloadKind::name).toList()) + " workload only, not to " + chosenWorkload);
    }
    if (loadOptions.keys != null) workloadKind.checkApplies("--keys");
    if (loadOptions.opsPerKey != null) workloadKind.checkApplies("--ops-per-key");
    if (where.replicationLatency != null && where.replicationLatency > 0 && !chosenTopology.hasReplicationLinks()) {
      throw new IllegalArgumentException("--replication-latency needs replication links of its own ("
          + topologies(Topology::hasReplicationLinks) + "); " + chosenTopology.id() + " has none");
    }
    ClientOptions.Isolation level = loadOptions.isolation != null ? ClientOptions.Isolation.byId(loadOptions.isolation)
        : base != null ? base.isolation() : ClientOptions.Isolation.READ_COMMITTED;
    if (loadOptions.opTimeout <= 0 || loadOptions.connectTimeout <= 0) throw new IllegalArgumentException("timeouts must be positive");
    if (loadOptions.waitReplicas != null && loadOptions.waitReplicas < 0) throw new IllegalArgumentException("--wait-replicas must not be negative");
    ClientOptions options = new ClientOptions(reads, loadOptions.waitReplicas == null ? 0 : loadOptions.waitReplicas, level,
        Duration.ofMillis(loadOptions.connectTimeout), Duration.ofMillis(loadOptions.opTimeout));

    Duration loadTime = OptionRanges.positiveSeconds("--time-limit", loadOptions.timeLimit != null ? loadOptions.timeLimit : 30);
    Duration recovery = OptionRanges.seconds("--recovery-wait", loadOptions.recoveryWait);
    if (loadOptions.rate != null) OptionRanges.finiteNotNegative("--rate", loadOptions.rate);
    if (faultOptions.nemesisInterval != null) OptionRanges.positiveSeconds("--nemesis-interval", faultOptions.nemesisInterval);
    OptionRanges.positiveSeconds("--check-time-limit", output.checkTimeLimit);
    RunConfig load = new RunConfig(
        loadOptions.concurrency != null ? loadOptions.concurrency : 10,
        Duration.ofMillis(loadTime.toMillis()),
        loadOptions.rate != null ? loadOptions.rate : base != null ? base.rate() : 1000,
        loadOptions.keys != null ? loadOptions.keys : base != null ? base.keys() : 10,
        loadOptions.opsPerKey != null ? loadOptions.opsPerKey : base != null ? base.opsPerKey() : 100,
        loadOptions.seed != null ? loadOptions.seed : new java.security.SecureRandom().nextLong() >>> 16,
        Duration.ofMillis(recovery.toMillis()),
        3);

    String chosenModel = output.model != null ? output.model : "cas-register";
    Models.byName(chosenModel, null); // refuses a name unknown to the search, or a workload's checks, with why
    if (!(output.checkTimeLimit > 0)) throw new IllegalArgumentException("--check-time-limit must be positive");
    int latency = where.replicationLatency != null ? where.replicationLatency : base != null ? base.replicationLatencyMillis() : 0;
    if (latency < 0) throw new IllegalArgumentException("--replication-latency must not be negative");
    if (latency > 0 && external != null) throw new IllegalArgumentException("--replication-latency: faultline has no replication links between --endpoint's servers");
    if (latency > 0 && !kind.peersThroughProxies()) {
      throw new IllegalArgumentException("--replication-latency: on --env " + kind + " the servers reach each other directly, with no replication link to slow");
    }

    String faultNames = faultOptions.nemesis != null ? faultOptions.nemesis : base != null ? base.nemesis() : "none";
    double interval = faultOptions.nemesisInterval != null ? faultOptions.nemesisInterval : base != null ? base.nemesisIntervalSeconds() : 5;
    NemesisPlan faults = external != null ? external.faults(faultNames, interval) : NemesisPlan.of(faultNames, interval, chosenTopology, kind);

    Replication replication = where.sync != null ? Replication.bySyncOption(where.sync) : base != null ? base.replication() : Replication.ASYNC;
    if (replication.isSynchronous() && chosenTopology != Topology.PG_REPLICATED) throw new IllegalArgumentException("--sync applies to pg-replicated only");

    String name = base != null ? base.name() : chosenTopology.id() + "-" + chosenWorkload + "-" + chosenClient;
    return new TestPlan(name, base != null ? base.demonstrates() : "", chosenTopology, chosenWorkload, chosenClient,
        options, load, latency, chosenModel, output.checkTimeLimit, faults, replication,
        where.appendfsync != null ? where.appendfsync : base != null ? base.appendfsync() : TestPlan.DEFAULT_APPENDFSYNC, external,
        where.postgresVersion, where.redisVersion, kind, inventory, images);
  }
}
