package faultline.cli.run;

import faultline.cli.ExitCode;
import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.workloads.ClientOptions;

/**
 * A named run: a topology, a workload, a client and the settings that make it show one thing,
 * with the verdict it is expected to reach. Values left at 0 take the command's defaults.
 *
 * @param demonstrates one line on what the scenario shows, for {@code faultline scenarios}
 * @param expected the verdict it should reach: valid, or the anomaly it should find
 * @param nemesis the faults of {@code --nemesis}, or "none"
 * @param nemesisIntervalSeconds {@code --nemesis-interval}
 * @param replication pg-replicated: how commits wait for replicas ({@code --sync})
 * @param appendfsync Redis: when the AOF is fsynced ({@code --appendfsync}: always, everysec or no)
 */
public record Scenario(
    String name,
    String demonstrates,
    String expected,
    Topology topology,
    String workload,
    String client,
    ClientOptions.ReadFrom readFrom,
    ClientOptions.Isolation isolation,
    int keys,
    int opsPerKey,
    double rate,
    int replicationLatencyMillis,
    String nemesis,
    double nemesisIntervalSeconds,
    Replication replication,
    String appendfsync) {

  /** A scenario with Redis' default durability here, appendfsync everysec. */
  public Scenario(String name, String demonstrates, String expected, Topology topology, String workload, String client,
      ClientOptions.ReadFrom readFrom, ClientOptions.Isolation isolation, int keys, int opsPerKey, double rate,
      int replicationLatencyMillis, String nemesis, double nemesisIntervalSeconds, Replication replication) {
    this(name, demonstrates, expected, topology, workload, client, readFrom, isolation, keys, opsPerKey, rate,
        replicationLatencyMillis, nemesis, nemesisIntervalSeconds, replication, TestPlan.DEFAULT_APPENDFSYNC);
  }

  /** A scenario with asynchronous replication, where there is replication at all. */
  public Scenario(String name, String demonstrates, String expected, Topology topology, String workload, String client,
      ClientOptions.ReadFrom readFrom, ClientOptions.Isolation isolation, int keys, int opsPerKey, double rate,
      int replicationLatencyMillis, String nemesis, double nemesisIntervalSeconds) {
    this(name, demonstrates, expected, topology, workload, client, readFrom, isolation, keys, opsPerKey, rate,
        replicationLatencyMillis, nemesis, nemesisIntervalSeconds, Replication.ASYNC);
  }

  /** A scenario without faults. */
  public Scenario(String name, String demonstrates, String expected, Topology topology, String workload, String client,
      ClientOptions.ReadFrom readFrom, ClientOptions.Isolation isolation, int keys, int opsPerKey, double rate,
      int replicationLatencyMillis) {
    this(name, demonstrates, expected, topology, workload, client, readFrom, isolation, keys, opsPerKey, rate,
        replicationLatencyMillis, "none", 5);
  }

  /**
   * The exit code a run of this scenario should end with: 0 when it is expected valid
   * ({@code expected} begins with "valid"), else 1, the anomaly it names.
   */
  public int expectedExitCode() {
    return expected.startsWith("valid") ? ExitCode.VALID : ExitCode.ANOMALY;
  }
}
