package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.EnvironmentKind;
import faultline.environments.PostgresReplication;
import faultline.environments.ProcessControl;
import faultline.environments.RedisFailover;
import faultline.environments.Topology;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Failovers, each one a window opened by {@code start-failover} and closed by
 * {@code stop-failover}, carried out by the procedure of the environment's database
 * ({@link Failover#of}: {@link SentinelFailover}, {@link ClusterFailover}, {@link
 * PostgresFailover}). The start's value says how to provoke it: {@code isolate} (the default) or,
 * for Redis, {@code kill}.
 */
public final class FailoverNemesis implements Nemesis {
  public static final String START = "start-failover";
  public static final String STOP = "stop-failover";
  public static final String ISOLATE = "isolate";
  public static final String KILL = "kill";
  /** Sentinel declares a node down after 1 s and fails over within its 3 s failover timeout. */
  static final Duration FAILOVER_WAIT = Duration.ofSeconds(20);
  /** How often a failover asks whether the cluster has got where it waits for. */
  static final Duration POLL = Duration.ofMillis(100);
  /** How long replicas get to stream from a new primary before the ones that cannot are rewound. */
  static final Duration FOLLOW_WAIT = Duration.ofSeconds(15);

  private final Environment env;
  private final Optional<Failover> failover;

  public FailoverNemesis(Environment env, Random random) {
    this.env = env;
    this.failover = Failover.of(env, random);
  }

  /**
   * Whether environments of {@code topology} can fail over (known before they start): a
   * replicated PostgreSQL, or Redis' own Sentinel or Cluster failover.
   */
  public static boolean supports(Topology topology) {
    return supports(topology, EnvironmentKind.defaultFor(topology));
  }

  /** {@link #supports(Topology)} on an environment of {@code kind}. */
  public static boolean supports(Topology topology, EnvironmentKind kind) {
    return kind.offers(topology, PostgresReplication.class) || kind.offers(topology, RedisFailover.class);
  }

  /**
   * Why {@code how} cannot provoke a failover in {@code topology}, or empty: killing takes process
   * control, and on PostgreSQL the stop fences by killing anyway, so only isolating provokes one.
   */
  public static Optional<String> unsupported(Topology topology, EnvironmentKind kind, Object how) {
    if (!supports(topology, kind)) return Optional.of("needs redis-sentinel, redis-cluster or pg-replicated, not " + topology);
    if (KILL.equals(how) && kind.offers(topology, PostgresReplication.class)) return Optional.of("failover-kill is Redis'; on " + topology + " use failover");
    if (KILL.equals(how) && !kind.offers(topology, ProcessControl.class)) return Optional.of("failover-kill needs process control, which " + topology + " lacks");
    return Optional.empty();
  }

  /**
   * Old PostgreSQL primaries killed to fence them that could not be taken back as replicas (their
   * rejoin failed, and the stop said why): they stay down on purpose.
   */
  public synchronized Set<String> fenced() {
    return failover.filter(f -> f instanceof PostgresFailover).map(f -> ((PostgresFailover) f).fenced()).orElse(Set.of());
  }

  @Override
  public Set<String> fs() {
    return Set.of(START, STOP);
  }

  @Override
  public synchronized Op invoke(Op invocation) {
    if (failover.isEmpty()) {
      return NemesisOps.notDone(invocation, "no failover in " + env.topology() + "; failovers need redis-sentinel, redis-cluster or pg-replicated");
    }
    Failover f = failover.get();
    return switch (invocation.f()) {
      case START -> f.openFrom() != null ? NemesisOps.notDone(invocation, "a failover is already under way from " + f.openFrom()) : f.start(invocation);
      case STOP -> f.openFrom() == null ? NemesisOps.notDone(invocation, "no failover is under way") : f.stop(invocation);
      default -> NemesisOps.notDone(invocation, "not a failover op: " + invocation.f());
    };
  }

  /**
   * Closes an open window without failing over (Redis: the old primary back; PostgreSQL: the
   * links restored, no promotion). A fenced PostgreSQL primary whose rejoin failed stays down.
   */
  @Override
  public synchronized void heal() {
    if (failover.isPresent()) failover.get().heal();
    else NetworkRepair.repair(env);
  }
}
