package faultline.cli.run;

import faultline.environments.EnvironmentKind;
import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.environments.ssh.Inventory;
import faultline.workloads.ClientOptions;
import faultline.workloads.RunConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything one run needs, resolved from a scenario and the command line's overrides. It is
 * what {@code test.json} records, so a run can be understood and repeated from its folder.
 *
 * @param name the test's name: the scenario's, or one made of topology, workload and client
 * @param description what the run demonstrates (scenarios), or empty
 * @param replicationLatencyMillis latency added by a Toxiproxy toxic to every replication link (0: none)
 * @param model the consistency model the register checker uses
 * @param checkTimeLimitSeconds how long the linearizability search may run before it says unknown
 * @param nemesis the faults injected during the main phase
 * @param replication pg-replicated: how commits wait for replicas
 * @param appendfsync Redis: when the AOF is fsynced (always, everysec, no)
 * @param external the endpoints of servers faultline did not start ({@code --endpoint}), or null for a local run
 * @param postgresVersion PostgreSQL: the version to run (MAJOR.MINOR, fetched from Maven Central)
 *     or a folder of its programs; null for the newest installed
 * @param redisVersion Redis: a folder holding redis-server, or the installed one's version; null for the installed one
 * @param kind where the servers run ({@code --env}; external with {@code --endpoint})
 * @param inventory the hosts of an ssh run ({@code --inventory}), or null
 * @param images a docker run's {@code --image} choices by database ("redis", "postgres"); empty otherwise
 */
public record TestPlan(
    String name,
    String description,
    Topology topology,
    String workload,
    String client,
    ClientOptions clientOptions,
    RunConfig load,
    int replicationLatencyMillis,
    String model,
    double checkTimeLimitSeconds,
    NemesisPlan nemesis,
    Replication replication,
    String appendfsync,
    ExternalPlan external,
    String postgresVersion,
    String redisVersion,
    EnvironmentKind kind,
    Inventory inventory,
    Map<String, String> images) {
  /** What faultline's Redis nodes run with unless told otherwise (DESIGN.md, durability). */
  public static final String DEFAULT_APPENDFSYNC = "everysec";
  /** The values Redis takes for appendfsync. */
  public static final java.util.List<String> APPENDFSYNC = java.util.List.of("always", "everysec", "no");

  public String database() {
    return topology.isRedis() ? "redis" : "postgres";
  }

  /** test.json's "environment" of an ssh run: the kind, the inventory file and its hosts (no keys). */
  private Map<String, Object> inventoryJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind.id());
    out.put("inventory", inventory.file().toAbsolutePath().toString());
    out.put("hosts", inventory.hosts().stream().map(h -> {
      Map<String, Object> host = new LinkedHashMap<>();
      host.put("name", h.name());
      host.put("address", h.address());
      host.put("port", h.port());
      host.put("user", h.user());
      host.put("roles", h.roles());
      return host;
    }).toList());
    return out;
  }

  /** The plan as test.json holds it. */
  public Map<String, Object> toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    if (!description.isEmpty()) out.put("description", description);
    out.put("database", database());
    out.put("topology", topology.id());
    if (external != null) out.put("environment", external.toJson());
    if (inventory != null) out.put("environment", inventoryJson());
    if (kind == EnvironmentKind.DOCKER) {
      Map<String, Object> docker = new LinkedHashMap<>();
      docker.put("kind", kind.id());
      docker.put("images", Environments.imagesUsed(topology, images));
      out.put("environment", docker);
    }
    out.put("durability", topology.isExternal() ? "as the servers are configured: faultline did not start them (see ran)"
        : topology.isRedis()
        ? "appendonly yes, appendfsync " + appendfsync
        : "PostgreSQL defaults (fsync on, synchronous_commit on); replication "
            + (replication.isSynchronous() ? "synchronous (synchronous_commit " + replication.synchronousCommit() + ", ANY 1 replica)" : "asynchronous"));
    out.put("workload", workload);
    out.put("client", client);
    out.put("read-from", clientOptions.readFrom().id());
    if (topology.isRedis()) out.put("wait-replicas", clientOptions.waitReplicas());
    else out.put("isolation", clientOptions.isolation().id());
    // As run's options take them, so that the reproducing command (ReproduceCommand) repeats an override.
    if (topology.isRedis() && !topology.isExternal()) out.put("appendfsync", appendfsync);
    if (postgresVersion != null) out.put("postgres-version", postgresVersion);
    if (redisVersion != null) out.put("redis-version", redisVersion);
    if (topology == Topology.PG_REPLICATED) out.put("sync", replication.isSynchronous() ? replication.synchronousCommit() : "off");
    out.put("connect-timeout-ms", clientOptions.connectTimeout().toMillis());
    out.put("op-timeout-ms", clientOptions.opTimeout().toMillis());
    out.put("concurrency", load.concurrency());
    out.put("time-limit-s", load.timeLimit().toMillis() / 1000.0);
    out.put("rate", load.rate());
    if (!workload.equals("bank")) { // bank's transfers span every account: neither applies (nor is taken by run)
      out.put("keys", load.keysInFlight());
      out.put("ops-per-key", load.opsPerKey());
    }
    out.put("seed", load.seed());
    out.put("recovery-wait-s", load.recoveryWait().toMillis() / 1000.0);
    out.put("final-read-attempts", load.finalReadAttempts());
    out.put("replication-latency-ms", replicationLatencyMillis);
    if (workload.equals("register")) out.put("model", model);
    out.put("check-time-limit-s", checkTimeLimitSeconds);
    out.put("nemesis", nemesis.toJson());
    return out;
  }
}
