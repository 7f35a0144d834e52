package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.PostgresReplication;
import faultline.environments.ProcessControl;
import faultline.environments.RedisFailover;
import java.util.Optional;
import java.util.Random;

/**
 * One database's failover procedure, behind {@link FailoverNemesis}: the start provokes a
 * failover and opens a window, the stop closes it and leaves the cluster whole. One window at a
 * time; the nemesis checks that before it calls. Calls come one at a time (the nemesis is
 * synchronized).
 */
interface Failover {

  /** Provokes a failover; {@code info} with what was done, or {@code fail} with why nothing was. */
  Op start(Op invocation);

  /** Closes the open window; {@code info} with how the cluster was put back together. */
  Op stop(Op invocation);

  /** The primary the open window started from, or null when none is open. */
  String openFrom();

  /** Closes an open window without failing over; without one, repairs the network. Idempotent. */
  void heal();

  /**
   * The procedure {@code env} can go through, asked of its capabilities: PostgreSQL promotion for
   * a replicated PostgreSQL, Redis' own failover (Sentinel or Cluster) otherwise; empty when it has
   * neither. Killing a primary instead of isolating it needs {@link ProcessControl} too, which the
   * procedure asks for when it kills.
   */
  static Optional<Failover> of(Environment env, Random random) {
    Optional<PostgresReplication> postgres = env.capability(PostgresReplication.class);
    if (postgres.isPresent()) return Optional.of(new PostgresFailover(env, postgres.get(), random));
    return env.capability(RedisFailover.class).map(redis -> switch (redis.mechanism()) {
      case SENTINEL -> new SentinelFailover(env);
      case CLUSTER -> new ClusterFailover(env, random);
    });
  }
}
