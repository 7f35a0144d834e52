package faultline.environments.nodes;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Polling;
import faultline.environments.PostgresReplication;
import faultline.environments.ProcessControl;
import faultline.environments.RedisFailover;
import faultline.environments.Replication;
import faultline.environments.Role;
import faultline.environments.Topology;
import faultline.environments.host.Host;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A topology laid on hosts an environment supplies ({@link Hosts}), every link a proxy of the
 * environment's Toxiproxy: the nodes and links, and what an {@link faultline.environments.Environment}
 * answers of them (primaries, client routes, the capabilities that are the nodes' own). It knows no
 * kind of host; the environment keeps what is its own (its Toxiproxy, its teardown, its faults of
 * the machine).
 */
public final class Deployment {
  private final Topology topology;
  private final Settings settings;
  private final Hosts hosts;
  private final ToxiproxyClient toxiproxy;
  private final String proxyHost;
  private final Consumer<ServerNode> added;
  private final List<ServerNode> nodes = new CopyOnWriteArrayList<>();
  private final List<Link> links = new CopyOnWriteArrayList<>();
  /** Where peers reach each other when they do so directly ({@code peerProxies} false): no proxy, never listed as links. */
  private final List<Link> directRoutes = new CopyOnWriteArrayList<>();
  private final boolean peerProxies;
  private final NodeProcesses processes = new NodeProcesses();

  /**
   * What a run chooses of its servers: the replication mode (pg-replicated), configuration lines
   * after the defaults for every Redis data node and every PostgreSQL node, how long a node may take
   * to answer, the run's password, and the folder named in messages (where the logs are).
   */
  public record Settings(Replication replication, List<String> redisSettings, List<String> postgresSettings,
                         Duration startTimeout, Credentials credentials, Path runDirectory) {
    public Settings {
      redisSettings = List.copyOf(redisSettings);
      postgresSettings = List.copyOf(postgresSettings);
    }
  }

  /**
   * @param toxiproxy the environment's Toxiproxy, whose proxies listen on {@code proxyHost}
   * @param added told of each node as it is added, before anything starts: the environment
   *     preloads its libraries, records its data and makes sure it is stopped at the end
   */
  public Deployment(Topology topology, Settings settings, Hosts hosts, ToxiproxyClient toxiproxy, String proxyHost,
                    Consumer<ServerNode> added) {
    this(topology, settings, hosts, toxiproxy, proxyHost, added, true);
  }

  /**
   * @param peerProxies whether the links between servers (peers, replication, cluster bus) are
   *     proxies too, as on one machine; false where the servers' hosts are apart and the proxies are
   *     on the control machine: then only the clients' links are proxies and peers use each other's
   *     own addresses (a partition between them is the hosts' packet filter's)
   */
  public Deployment(Topology topology, Settings settings, Hosts hosts, ToxiproxyClient toxiproxy, String proxyHost,
                    Consumer<ServerNode> added, boolean peerProxies) {
    this.peerProxies = peerProxies;
    this.topology = topology;
    this.settings = settings;
    this.hosts = hosts;
    this.toxiproxy = toxiproxy;
    this.proxyHost = proxyHost;
    this.added = added;
  }

  /** Starts the topology's nodes and waits until it is whole (replicas streaming, sentinels agreeing, cluster slots covered). */
  public void lay() {
    switch (topology) {
      case REDIS_SINGLE -> RedisTopologies.single(this);
      case REDIS_REPLICATED -> RedisTopologies.replicated(this);
      case REDIS_SENTINEL -> RedisSentinelTopology.assemble(this);
      case REDIS_CLUSTER -> RedisClusterTopology.assemble(this);
      case PG_SINGLE -> PostgresTopologies.single(this);
      case PG_REPLICATED -> PostgresTopologies.replicated(this, settings.replication());
      case CACHE_ASIDE -> CacheAsideTopology.assemble(this);
      case REDIS_EXTERNAL, PG_EXTERNAL -> throw new IllegalArgumentException(topology + " is not started by faultline");
    }
  }

  // ---- assembly, for the topology classes of this package

  Topology topology() {
    return topology;
  }

  Replication replication() {
    return settings.replication();
  }

  Path runDirectory() {
    return settings.runDirectory();
  }

  /** A port of {@code node}'s host beside its server's (a cluster bus). */
  Endpoint port(ServerNode node, int conventional) {
    return hosts.port(node.host(), conventional);
  }

  RedisNode addRedisNode(String name, Role role, int conventionalPort) {
    Host host = hosts.hostFor(name, nodes.size());
    RedisNode node = new RedisNode(name, role, hosts.port(host, conventionalPort), host, hosts.redis(host), settings.startTimeout());
    node.requirePassword(settings.credentials());
    if (role != Role.SENTINEL) node.configure(settings.redisSettings().toArray(String[]::new));
    return add(node);
  }

  PostgresNode addPostgresNode(String name, Role role) {
    Host host = hosts.hostFor(name, nodes.size());
    PostgresNode node = new PostgresNode(name, role, hosts.port(host, 5432), host, hosts.postgres(host), settings.startTimeout());
    node.requirePassword(settings.credentials());
    node.configureLast(settings.postgresSettings());
    return add(node);
  }

  private <N extends ServerNode> N add(N node) {
    nodes.add(node);
    added.accept(node);
    return node;
  }

  /** A proxy from {@code from} to {@code to}'s server port. */
  Link addLink(String from, ServerNode to, Link.Kind kind) {
    return addLink(from, to, kind, to.address());
  }

  /** A proxy from {@code from} to {@code upstream}, a port of {@code to} (e.g. its cluster bus), on a port the system picks. */
  Link addLink(String from, ServerNode to, Link.Kind kind, Endpoint upstream) {
    if (!peerProxies && kind != Link.Kind.CLIENT) {
      Link route = new Link(from, to, kind, upstream, null);
      directRoutes.add(route);
      return route;
    }
    String name = switch (kind) {
      case CLIENT -> "clients_to_" + to.name();
      case PEER -> "peers_to_" + to.name();
      case REPLICATION -> from + "_to_" + to.name();
      case CLUSTER_BUS -> "bus_to_" + to.name();
    };
    Proxy proxy;
    try {
      proxy = toxiproxy.createProxy(name, proxyHost + ":0", upstream.toString());
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("cannot create proxy " + name + " to " + upstream + ": " + e.getMessage());
    }
    Link link = new Link(from, to, kind, Endpoint.parse(proxy.getListen()), proxy);
    links.add(link);
    return link;
  }

  /** The link {@code from} uses to reach {@code to} (see {@link faultline.environments.Environment#link}). */
  public Optional<Link> link(String from, Node to) {
    return linksAndRoutes().stream().filter(l -> l.from().equals(from) && l.to().equals(to)).findFirst();
  }

  /** The proxies and the direct routes between servers: how each one reaches another, proxied or not. */
  List<Link> linksAndRoutes() {
    List<Link> all = new ArrayList<>(links);
    all.addAll(directRoutes);
    return all;
  }

  Link linkOf(Link.Kind kind, Node to) {
    return links.stream().filter(l -> l.kind() == kind && l.to().equals(to)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + kind + " link to " + to.name()));
  }

  /** Waits for a condition of the topology as a whole, failing with a message naming it. */
  void await(String what, BooleanSupplier condition) {
    Duration timeout = settings.startTimeout();
    if (!Polling.until(timeout, condition)) {
      throw new EnvironmentUnavailableException(
          topology + " did not become ready within " + timeout.toSeconds() + " s: " + what
              + "; logs in " + settings.runDirectory());
    }
  }

  // ---- what an Environment answers of its nodes

  public List<Node> nodes() {
    return Collections.unmodifiableList(new ArrayList<>(nodes));
  }

  public List<Link> links() {
    return Collections.unmodifiableList(new ArrayList<>(links));
  }

  public Endpoint clientEndpoint(Node node) {
    return linkOf(Link.Kind.CLIENT, node).listen();
  }

  /** A client's way to an address a node or sentinel handed out: see {@link faultline.environments.Environment#clientRoute}. */
  public Endpoint clientRoute(Endpoint advertised) {
    Map<Endpoint, Endpoint> routes = new HashMap<>();
    for (Link link : links) {
      if (link.kind() == Link.Kind.PEER) routes.put(link.listen(), clientEndpoint(link.to()));
    }
    for (ServerNode node : nodes) routes.put(node.address(), clientEndpoint(node));
    return routes.getOrDefault(advertised, advertised);
  }

  public List<Node> primaries() {
    List<Node> primaries = new ArrayList<>();
    for (ServerNode node : nodes) {
      if (!node.isRunning()) continue;
      if (node instanceof PostgresNode pg && pg.isPrimary()) primaries.add(node);
      if (node instanceof RedisNode redis && node.role() != Role.SENTINEL && "master".equals(redis.replicationRole())) {
        primaries.add(node);
      }
    }
    return primaries;
  }

  public Optional<Node> primary() {
    if (topology == Topology.REDIS_CLUSTER) return Optional.empty();
    if (topology == Topology.REDIS_SENTINEL) return primaryBySentinels();
    // The truth's node: the cache is no primary of anything.
    if (topology.cache().isPresent()) return primaries().stream().filter(PostgresNode.class::isInstance).findFirst();
    List<Node> primaries = primaries();
    return primaries.size() == 1 ? Optional.of(primaries.get(0)) : Optional.empty();
  }

  /** What a majority of the sentinels answer, as a client asking them would learn. */
  private Optional<Node> primaryBySentinels() {
    Map<Endpoint, Integer> votes = new HashMap<>();
    List<ServerNode> sentinels = nodes.stream().filter(n -> n.role() == Role.SENTINEL).toList();
    for (ServerNode sentinel : sentinels) {
      if (!sentinel.isRunning()) continue;
      try {
        Object reply = Resp.call(sentinel.address(), settings.credentials(),
            "SENTINEL", "get-master-addr-by-name", RedisSentinelTopology.MASTER_NAME);
        if (reply instanceof List<?> hostPort && hostPort.size() == 2) {
          votes.merge(new Endpoint(hostPort.get(0).toString(), Integer.parseInt(hostPort.get(1).toString())), 1, Integer::sum);
        }
      } catch (IOException e) {
        // a paused or killed sentinel has no vote
      }
    }
    return votes.entrySet().stream()
        .filter(v -> v.getValue() > sentinels.size() / 2)
        .map(v -> nodeAnnouncedAt(v.getKey()))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** The node whose peer link (its announced address) is {@code announced}. */
  public Optional<Node> nodeAnnouncedAt(Endpoint announced) {
    return linksAndRoutes().stream()
        .filter(l -> l.kind() == Link.Kind.PEER && l.listen().equals(announced))
        .map(Link::to)
        .findFirst();
  }

  /**
   * The capabilities that are the nodes' own, whatever their hosts: {@link ProcessControl} (through
   * the hosts), {@link PostgresReplication}, {@link RedisFailover}; empty for others and for what
   * the topology does not offer.
   */
  public <T> Optional<T> capability(Class<T> type) {
    if (!topology.offers(type)) return Optional.empty();
    Object capability;
    if (type == ProcessControl.class) capability = processes;
    else if (type == PostgresReplication.class) capability = new NodePostgresReplication(this);
    else if (type == RedisFailover.class) capability = new NodeRedisFailover(topology.redisFailover().orElseThrow(), settings.credentials());
    else return Optional.empty();
    return Optional.of(type.cast(capability));
  }
}
