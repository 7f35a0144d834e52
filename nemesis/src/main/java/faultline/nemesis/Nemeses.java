package faultline.nemesis;

import faultline.environments.Environment;
import java.util.ArrayList;
import faultline.workloads.PausePoints;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** The nemesis of a run: every kind of fault an environment allows, composed into one. */
public final class Nemeses {
  private Nemeses() {}

  /**
   * Link faults, partitions, process faults, disk stalls, clock faults and (in redis-sentinel and pg-replicated) failovers
   * on {@code env}, choosing targets with a generator seeded by {@code seed}; no client pauses.
   */
  public static CompositeNemesis of(Environment env, long seed) {
    return of(env, seed, Optional.empty());
  }

  /** The same, and client pauses of the load whose workers' pause points are {@code pauses}. */
  public static CompositeNemesis of(Environment env, long seed, Optional<PausePoints> pauses) {
    Random random = new Random(seed);
    List<Nemesis> nemeses = new ArrayList<>(List.of(
        new LinkFaultNemesis(env, random), new PartitionNemesis(env, random), new ProcessNemesis(env, random),
        new DiskStallNemesis(env, random), new ClockNemesis(env, random), new ClientPauseNemesis(pauses, random)));
    if (FailoverNemesis.supports(env.topology(), env.kind())) nemeses.add(new FailoverNemesis(env, random));
    return new CompositeNemesis(nemeses);
  }
}
