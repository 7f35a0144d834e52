package faultline.nemesis;

import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Role;
import java.io.IOException;
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
 * both directions, every node-to-node link between nodes that the shape separates (see
 * {@link PartitionLinks}); {@code stop-partition} restores them. A cut link is a disabled proxy:
 * its connections close and new ones are refused until it is enabled again.
 *
 * <p>Every node takes part, sentinels included: a sentinel cut off from the primary counts
 * towards a failover as a real one would.
 */
public final class PartitionNemesis implements Nemesis {
  public static final String START = "start-partition";
  public static final String STOP = "stop-partition";

  private final Environment env;
  private final Random random;
  private List<Link> cut = List.of();

  public PartitionNemesis(Environment env, Random random) {
    this.env = env;
    this.random = random;
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
    if (!cut.isEmpty()) return NemesisOps.notDone(invocation, "a partition is already on: " + names(cut));
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
    List<Link> done = new ArrayList<>();
    try {
      for (Link link : planned.links().cut()) {
        env.toxiproxy().getProxy(link.name()).disable();
        done.add(link);
      }
    } catch (IOException | RuntimeException e) {
      cut = done;
      restore();
      return NemesisOps.notDone(invocation, "Toxiproxy refused a cut: " + e.getMessage());
    }
    cut = done;
    Map<String, Object> value = NemesisOps.value("shape", planned.shape().id());
    if (planned.components() != null) value.put("components", planned.components().stream().map(c -> (Object) new ArrayList<>(c)).toList());
    else value.put("cut-from", planned.grudge().toValue());
    value.put("links", names(cut));
    value.put("exact", planned.links().exact());
    return NemesisOps.done(invocation, value);
  }

  private Op stop(Op invocation) {
    if (cut.isEmpty()) return NemesisOps.notDone(invocation, "no partition is on");
    List<String> healed = names(cut);
    restore();
    return NemesisOps.done(invocation, NemesisOps.value("links", healed));
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
    PartitionLinks links = PartitionLinks.of(grudge, env.links(), nodes);
    if (links.cut().isEmpty()) {
      throw new IllegalArgumentException("a " + shape.id() + " partition cuts no link in " + env.topology()
          + " (its peers share one link per node)");
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

  private void restore() {
    List<Link> toRestore = cut;
    cut = List.of();
    try {
      for (Link link : toRestore) env.toxiproxy().getProxy(link.name()).enable();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot restore " + names(toRestore), e);
    }
  }

  private static List<String> names(List<Link> links) {
    return links.stream().map(Link::name).toList();
  }

  @Override
  public synchronized void heal() {
    cut = List.of();
    NetworkRepair.repair(env);
  }
}
