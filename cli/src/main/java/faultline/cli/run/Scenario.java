package faultline.cli.run;

import faultline.cli.ExitCode;
import faultline.environments.Replication;
import faultline.environments.Topology;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariants;
import java.util.Objects;

/**
 * A named run: a topology, a workload, a client and the settings that make it show one thing,
 * with the verdict it is expected to reach. Built by name, each setting said by what it is:
 *
 * <pre>{@code
 * Scenario.named("redis-counter-rmw")
 *     .shows("GET then SET from concurrent clients loses increments")
 *     .expect("lost updates")
 *     .on(Topology.REDIS_SINGLE).client("redis-get-set")
 *     .keys(2).opsPerKey(1000).rate(2000)
 *     .build()
 * }</pre>
 *
 * The workload is the client's. Settings not given take the command's defaults: reads from the
 * primary, read committed, 10 keys, 100 ops per key, 1000 ops/s, no added replication latency,
 * no faults (a nemesis interval of 5 s), asynchronous replication, appendfsync everysec.
 */
public final class Scenario {
  private final String name;
  private final String demonstrates;
  private final String expected;
  private final Topology topology;
  private final String workload;
  private final String client;
  private final ClientOptions.ReadFrom readFrom;
  private final ClientOptions.Isolation isolation;
  private final int keys;
  private final int opsPerKey;
  private final double rate;
  private final int replicationLatencyMillis;
  private final String nemesis;
  private final double nemesisIntervalSeconds;
  private final Replication replication;
  private final String appendfsync;

  private Scenario(Builder b) {
    this.name = b.name;
    this.demonstrates = Objects.requireNonNull(b.demonstrates, "shows(...) of " + b.name);
    this.expected = Objects.requireNonNull(b.expected, "expect(...) of " + b.name);
    this.topology = Objects.requireNonNull(b.topology, "on(...) of " + b.name);
    this.client = Objects.requireNonNull(b.client, "client(...) of " + b.name);
    this.workload = ClientVariants.workloadOf(client);
    if (ClientVariants.isRedis(client) != topology.isRedis()) {
      throw new IllegalArgumentException("scenario " + name + ": client " + client + " is not for " + topology);
    }
    this.readFrom = b.readFrom;
    this.isolation = b.isolation;
    this.keys = b.keys;
    this.opsPerKey = b.opsPerKey;
    this.rate = b.rate;
    this.replicationLatencyMillis = b.replicationLatencyMillis;
    this.nemesis = b.nemesis;
    this.nemesisIntervalSeconds = b.nemesisIntervalSeconds;
    this.replication = b.replication;
    this.appendfsync = b.appendfsync;
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** One line on what the scenario shows, for {@code faultline scenarios}. */
  public String demonstrates() {
    return demonstrates;
  }

  /** The verdict it should reach: valid, or the anomaly it should find. */
  public String expected() {
    return expected;
  }

  public Topology topology() {
    return topology;
  }

  /** The workload, the client's own. */
  public String workload() {
    return workload;
  }

  public String client() {
    return client;
  }

  public ClientOptions.ReadFrom readFrom() {
    return readFrom;
  }

  public ClientOptions.Isolation isolation() {
    return isolation;
  }

  public int keys() {
    return keys;
  }

  public int opsPerKey() {
    return opsPerKey;
  }

  /** Total ops per second, 0 for no limit. */
  public double rate() {
    return rate;
  }

  public int replicationLatencyMillis() {
    return replicationLatencyMillis;
  }

  /** The faults of {@code --nemesis}, or "none". */
  public String nemesis() {
    return nemesis;
  }

  /** {@code --nemesis-interval}. */
  public double nemesisIntervalSeconds() {
    return nemesisIntervalSeconds;
  }

  /** pg-replicated: how commits wait for replicas ({@code --sync}). */
  public Replication replication() {
    return replication;
  }

  /** Redis: when the AOF is fsynced ({@code --appendfsync}: always, everysec or no). */
  public String appendfsync() {
    return appendfsync;
  }

  /**
   * The exit code a run of this scenario should end with: 0 when it is expected valid
   * ({@code expected} begins with "valid"), else 1, the anomaly it names.
   */
  public int expectedExitCode() {
    return expected.startsWith("valid") ? ExitCode.VALID : ExitCode.ANOMALY;
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * A scenario's settings, each by name; {@link #build} checks that the four without defaults were
   * given, and that the client is one of the topology's database.
   */
  public static final class Builder {
    private final String name;
    private String demonstrates;
    private String expected;
    private Topology topology;
    private String client;
    private ClientOptions.ReadFrom readFrom = ClientOptions.ReadFrom.PRIMARY;
    private ClientOptions.Isolation isolation = ClientOptions.Isolation.READ_COMMITTED;
    private int keys = 10;
    private int opsPerKey = 100;
    private double rate = 1000;
    private int replicationLatencyMillis;
    private String nemesis = "none";
    private double nemesisIntervalSeconds = 5;
    private Replication replication = Replication.ASYNC;
    private String appendfsync = TestPlan.DEFAULT_APPENDFSYNC;

    private Builder(String name) {
      this.name = name;
    }

    /** One line on what it shows, for {@code faultline scenarios} and the docs. */
    public Builder shows(String demonstrates) {
      this.demonstrates = demonstrates;
      return this;
    }

    /** The verdict it should reach: "valid..." (exit 0) or the anomaly it should find (exit 1). */
    public Builder expect(String expected) {
      this.expected = expected;
      return this;
    }

    public Builder on(Topology topology) {
      this.topology = topology;
      return this;
    }

    /** The {@code --client} variant, which names the workload too. */
    public Builder client(String client) {
      this.client = client;
      return this;
    }

    public Builder readFrom(ClientOptions.ReadFrom readFrom) {
      this.readFrom = readFrom;
      return this;
    }

    public Builder isolation(ClientOptions.Isolation isolation) {
      this.isolation = isolation;
      return this;
    }

    public Builder keys(int keys) {
      this.keys = keys;
      return this;
    }

    public Builder opsPerKey(int opsPerKey) {
      this.opsPerKey = opsPerKey;
      return this;
    }

    /** Total ops per second, 0 for no limit. */
    public Builder rate(double rate) {
      this.rate = rate;
      return this;
    }

    public Builder replicationLatencyMillis(int millis) {
      this.replicationLatencyMillis = millis;
      return this;
    }

    /** The faults ({@code --nemesis}) and the seconds of quiet before each and of each ({@code --nemesis-interval}). */
    public Builder faults(String nemesis, double intervalSeconds) {
      this.nemesis = nemesis;
      this.nemesisIntervalSeconds = intervalSeconds;
      return this;
    }

    public Builder replication(Replication replication) {
      this.replication = replication;
      return this;
    }

    public Builder appendfsync(String appendfsync) {
      this.appendfsync = appendfsync;
      return this;
    }

    public Scenario build() {
      return new Scenario(this);
    }
  }
}
