package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Network partitions: {@code start-partition} with a {@link PartitionShape} id as value cuts, in
 * both directions, exactly the pairs of nodes that the shape separates (see
 * {@link PartitionLinks}); {@code stop-partition} restores them. A link that belongs to one pair,
 * or whose every user is cut, is a disabled proxy: its connections close and new ones are refused.
 * A pair cut on a proxy that other nodes keep using (Redis' shared peer and cluster-bus links) is a
 * {@link PacketFilter} rule: its packets are dropped. Without iptables such partitions fail, saying
 * why, and the rest still works through Toxiproxy alone.
 *
 * <p>Every node takes part, sentinels included: a sentinel cut off from the primary counts
 * towards a failover as a real one would.
 */
public final class PartitionNemesis implements Nemesis {
  public static final String START = "start-partition";
  public static final String STOP = "stop-partition";

  private final Environment env;
  private final Random random;
  private final PacketFilter filter;
  /** The partition that is on, or null. */
  private PartitionLinks on;

  public PartitionNemesis(Environment env, Random random) {
    this(env, random, PacketFilter.of(env));
  }

  /** With a given filter: tests use one whose iptables is missing. */
  PartitionNemesis(Environment env, Random random, PacketFilter filter) {
    this.env = env;
    this.random = random;
    this.filter = filter;
  }

  @Override
  public Set<String> fs() {
    return Set.of(START, STOP);
  }

  @Override
  public synchronized Op invoke(Op invocation) {
    return switch (invocation.f()) {
      case START -> start(invocation);
      case STOP -> stop(invocation);
      default -> NemesisOps.notDone(invocation, "not a partition op: " + invocation.f());
    };
  }

  private Op start(Op invocation) {
    if (on != null) return NemesisOps.notDone(invocation, "a partition is already on: " + describe(on));
    PartitionShape shape;
    try {
      shape = PartitionShape.byId(NemesisOps.text(invocation, PartitionShape.RANDOM.id()));
    } catch (IllegalArgumentException e) {
      return NemesisOps.notDone(invocation, e.getMessage());
    }
    List<String> nodes = env.nodes().stream().map(Node::name).toList();
    Planned planned;
    try {
      planned = plan(shape, nodes);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return NemesisOps.notDone(invocation, e.getMessage());
    }
    PartitionLinks links = planned.links();
    on = links;
    try {
      links.applyTo(env, filter);
    } catch (IOException | RuntimeException e) {
      String undone = "nothing is left cut";
      try {
        restore();
      } catch (RuntimeException undoFailure) {
        undone = "undoing it failed too (" + undoFailure.getMessage() + "); a heal repairs it";
      }
      return NemesisOps.notDone(invocation, "a cut was refused (" + e.getMessage() + "); " + undone);
    }
    Map<String, Object> value = NemesisOps.value("shape", planned.shape().id());
    if (planned.components() != null) value.put("components", planned.components().stream().map(c -> (Object) new ArrayList<>(c)).toList());
    else value.put("cut-from", planned.grudge().toValue());
    value.put("links", links.names());
    value.put("filtered", links.filteredNames());
    // Every pair the grudge names is cut and no other: a plan that could not be exact (a shared
    // link, no packet filter) fails instead. Said outright for readers of the history.
    value.put("exact", true);
    return NemesisOps.done(invocation, value);
  }

  private Op stop(Op invocation) {
    if (on == null) return NemesisOps.notDone(invocation, "no partition is on");
    PartitionLinks healed = on;
    restore();
    return NemesisOps.done(invocation, NemesisOps.value("links", healed.names(), "filtered", healed.filteredNames()));
  }

  /** A shape made concrete: its grudge, its components when it is a split, and the links it cuts. */
  record Planned(PartitionShape shape, Grudge grudge, List<Set<String>> components, PartitionLinks links) {}

  /** Which nodes to separate and which links that takes; throws when the topology cannot express it. */
  Planned plan(PartitionShape shape, List<String> nodes) {
    if (shape == PartitionShape.RANDOM) {
      List<PartitionShape> candidates = new ArrayList<>(List.of(PartitionShape.ISOLATE, PartitionShape.PRIMARY, PartitionShape.HALVES, PartitionShape.RING));
      Collections.shuffle(candidates, random);
      for (PartitionShape candidate : candidates) {
        try {
          return plan(candidate, nodes);
        } catch (IllegalArgumentException | IllegalStateException notHere) {
          // try the next shape
        }
      }
      throw new IllegalStateException("no partition can be expressed in " + env.topology());
    }
    List<Set<String>> components = null;
    Grudge grudge;
    switch (shape) {
      case ISOLATE -> {
        List<String> data = dataNodes();
        String node = data.get(random.nextInt(data.size()));
        components = split(Set.of(node), nodes);
        grudge = Grudge.split(components);
      }
      case PRIMARY -> {
        String primary = currentPrimary().orElseThrow(() -> new IllegalStateException("no single primary to put in a minority"));
        List<String> others = new ArrayList<>(nodes);
        others.remove(primary);
        Collections.shuffle(others, random);
        Set<String> minority = new LinkedHashSet<>();
        minority.add(primary);
        // A minority of n nodes has at most (n - 1) / 2 of them: 1 of 3, 2 of 6.
        minority.addAll(others.subList(0, Math.max(0, (nodes.size() - 1) / 2 - 1)));
        components = split(minority, nodes);
        grudge = Grudge.split(components);
      }
      case HALVES -> {
        List<String> shuffled = new ArrayList<>(nodes);
        Collections.shuffle(shuffled, random);
        components = split(new LinkedHashSet<>(shuffled.subList(0, nodes.size() / 2)), nodes);
        grudge = Grudge.split(components);
      }
      case RING -> {
        List<String> ring = new ArrayList<>(nodes);
        Collections.shuffle(ring, random);
        grudge = Grudge.majoritiesRing(ring);
      }
      default -> throw new IllegalStateException(shape.id());
    }
    PartitionLinks links = PartitionLinks.of(grudge, env);
    if (links.cut().isEmpty() && links.filtered().isEmpty()) {
      throw new IllegalArgumentException("a " + shape.id() + " partition cuts no link in " + env.topology());
    }
    Optional<String> why = links.unavailableWith(filter);
    if (why.isPresent()) {
      throw new IllegalStateException("a " + shape.id() + " partition in " + env.topology() + " cuts single pairs on shared peer links ("
          + links.filtered().get(0) + ", ...), which takes a packet filter: " + why.get());
    }
    return new Planned(shape, grudge, components, links);
  }

  private static List<Set<String>> split(Set<String> side, List<String> nodes) {
    Set<String> rest = new LinkedHashSet<>(nodes);
    rest.removeAll(side);
    return List.of(new LinkedHashSet<>(side), rest);
  }

  private List<String> dataNodes() {
    return env.nodes().stream().filter(n -> n.role() != Role.SENTINEL).map(Node::name).toList();
  }

  private Optional<String> currentPrimary() {
    Optional<Node> primary = env.primary();
    if (primary.isPresent()) return primary.map(Node::name);
    List<Node> primaries = env.primaries();
    return primaries.isEmpty() ? Optional.empty() : Optional.of(primaries.get(random.nextInt(primaries.size())).name());
  }

  /** Undoes the partition that is on: the filter's chain removed, proxies enabled, each tried. */
  private void restore() {
    PartitionLinks toRestore = on;
    on = null;
    RuntimeException failure = null;
    try {
      filter.clear();
    } catch (RuntimeException e) {
      failure = e;
    }
    try {
      for (Link link : toRestore.cut()) env.toxiproxy().getProxy(link.name()).enable();
    } catch (IOException e) {
      RuntimeException enabling = new UncheckedIOException("cannot restore " + toRestore.names(), e);
      if (failure == null) failure = enabling;
      else failure.addSuppressed(enabling);
    }
    if (failure != null) throw failure;
  }

  private static String describe(PartitionLinks links) {
    return "links " + links.names() + ", filtered " + links.filteredNames();
  }

  @Override
  public synchronized void heal() {
    on = null;
    NetworkRepair.repair(env);
  }
}
