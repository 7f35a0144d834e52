package faultline.nemesis;

import faultline.environments.Environment;
import faultline.environments.Link;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Which links a link fault may hit, by the name users type: {@code clients} (clients' links to
 * nodes), {@code peers} (node-to-node: replication, Sentinel and Cluster peers, the cluster bus),
 * {@code any}, or one link by its proxy name ({@code n2_to_n1}).
 */
public final class LinkTargets {
  public static final String CLIENTS = "clients";
  public static final String PEERS = "peers";
  public static final String ANY = "any";

  private LinkTargets() {}

  /** Whether {@code target} names a group of links ({@code clients}, {@code peers}, {@code any}) rather than one proxy. */
  public static boolean isGroup(String target) {
    return CLIENTS.equals(target) || PEERS.equals(target) || ANY.equals(target);
  }

  /** The links {@code target} names in {@code env}; empty when none. */
  public static List<Link> of(Environment env, String target) {
    return switch (target) {
      case CLIENTS -> env.links().stream().filter(l -> l.kind() == Link.Kind.CLIENT).toList();
      case PEERS -> env.links().stream().filter(l -> l.kind() != Link.Kind.CLIENT).toList();
      case ANY -> env.links();
      default -> env.links().stream().filter(l -> l.name().equals(target)).toList();
    };
  }

  /** One link of {@code target}, chosen with {@code random}; empty when there is none. */
  public static Optional<Link> pick(Environment env, String target, Random random) {
    List<Link> links = of(env, target);
    return links.isEmpty() ? Optional.empty() : Optional.of(links.get(random.nextInt(links.size())));
  }
}
