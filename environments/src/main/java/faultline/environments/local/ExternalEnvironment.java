package faultline.environments.local;

import faultline.environments.nodes.Resp;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.ExternalEndpoint;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Role;
import faultline.environments.Topology;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The {@code external} environment: servers faultline did not start and cannot control (a
 * managed service, a cluster someone else runs, a container of a Testcontainers test), named by
 * {@code --endpoint}. faultline starts only its own Toxiproxy, as a local environment does, with
 * one {@code clients_to_nK} proxy per endpoint, so the clients' links can still be slowed, cut
 * or reset; it offers no capability ({@link Topology#offers}), so every fault that needs the
 * servers themselves (kill, pause, failover, disk stalls, clocks, links between servers) is
 * refused before the run.
 *
 * <p>Every endpoint is asked once, directly, before anything starts: it must answer and take the
 * credentials given, or the start fails with one line naming it ({@link
 * EnvironmentUnavailableException}, exit 69). Nothing of the servers is changed by the
 * environment itself; the workloads write their own keys (and, on PostgreSQL, tables) there.
 */
public final class ExternalEnvironment implements Environment {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

  private final Topology topology;
  private final Path runDirectory;
  private final Credentials credentials;
  private final String database;
  private final List<ExternalNode> nodes = new ArrayList<>();
  private final List<Link> links = new ArrayList<>();
  private final Teardown teardown = new Teardown();
  private ToxiproxyServer toxiproxy;

  private ExternalEnvironment(List<ExternalEndpoint> endpoints, Path runDirectory) {
    this.topology = ExternalEndpoint.topologyOf(endpoints);
    this.runDirectory = Directories.create(runDirectory.toAbsolutePath());
    this.credentials = endpoints.get(0).credentials();
    this.database = topology.isRedis() ? "" : endpoints.get(0).database();
    for (ExternalEndpoint e : endpoints) nodes.add(new ExternalNode(e, Directories.create(this.runDirectory.resolve(e.name()))));
    teardown.atExit(this::toString);
  }

  /**
   * Asks every endpoint (it must answer and take the credentials), then starts Toxiproxy on a
   * loopback address block of this run's own ({@link AddressBlock}) with a client proxy per
   * endpoint. Nothing is started when an endpoint fails the question.
   */
  public static ExternalEnvironment start(List<ExternalEndpoint> endpoints, Path runDirectory) {
    probe(endpoints);
    RunRegistry.sweep();
    AddressBlock block = AddressBlock.take();
    ExternalEnvironment env;
    try {
      env = new ExternalEnvironment(endpoints, runDirectory);
    } catch (RuntimeException | Error e) {
      block.close();
      throw e;
    }
    env.teardown.push(block::close);
    try {
      RunRegistry registry = RunRegistry.create(env.runDirectory);
      env.teardown.push(registry::delete);
      env.toxiproxy = ToxiproxyServer.start(block.proxyHost(), env.runDirectory.resolve("toxiproxy.log"), env.runDirectory,
          Duration.ofSeconds(30));
      registry.processStarted("toxiproxy", env.toxiproxy.process());
      env.teardown.push(env.toxiproxy::stop);
      for (ExternalNode node : env.nodes) {
        String name = Link.CLIENTS + "_to_" + node.name();
        var proxy = env.toxiproxy.createProxy(name, node.address());
        env.links.add(new Link(Link.CLIENTS, node, Link.Kind.CLIENT, Endpoint.parse(proxy.getListen()), proxy));
      }
      return env;
    } catch (RuntimeException | Error e) {
      try {
        env.close();
      } catch (RuntimeException teardownFailure) {
        e.addSuppressed(teardownFailure);
      }
      throw e;
    }
  }

  /** {@link #probe(ExternalEndpoint)} of each endpoint in turn: the first that fails is the exception. */
  public static void probe(List<ExternalEndpoint> endpoints) {
    for (ExternalEndpoint e : endpoints) probe(e, true);
  }

  /**
   * One question to the endpoint, directly: does it answer, take the credentials, and say it is
   * what its role says (a primary accepts writes, a replica does not)? One line if not.
   */
  static void probe(ExternalEndpoint e, boolean checkRole) {
    if (e.redis()) {
      try {
        String role = Resp.info(e.address(), e.credentials(), "replication", "role");
        if (checkRole && ("master".equals(role) != (e.role() == Role.PRIMARY))) {
          throw unavailable(e, "it says it is a " + ("master".equals(role) ? "primary" : "replica") + " (role:" + role + ")");
        }
      } catch (Resp.ErrorReply reply) {
        throw unavailable(e, reply.getMessage() != null && reply.getMessage().matches("(?s)(WRONGPASS|ERR AUTH|ERR invalid password|NOAUTH).*")
            ? "the credentials were refused (" + firstLine(reply.getMessage()) + ")" : "it answered " + firstLine(reply.getMessage()));
      } catch (IOException io) {
        throw unavailable(e, unreachable(io));
      }
      return;
    }
    Properties p = new Properties();
    p.setProperty("user", e.user());
    p.setProperty("password", e.password());
    p.setProperty("connectTimeout", Long.toString(PROBE_TIMEOUT.toSeconds()));
    p.setProperty("socketTimeout", Long.toString(PROBE_TIMEOUT.toSeconds()));
    try (Connection c = new org.postgresql.Driver().connect(e.address().jdbcUrl(e.database()), p)) {
      if (c == null) throw unavailable(e, "the PostgreSQL driver refused the URL");
      try (var s = c.createStatement(); var r = s.executeQuery("SELECT pg_is_in_recovery()")) {
        r.next();
        boolean standby = r.getBoolean(1);
        if (checkRole && standby == (e.role() == Role.PRIMARY)) {
          throw unavailable(e, "it says it is a " + (standby ? "standby (pg_is_in_recovery)" : "primary (not in recovery)"));
        }
      }
    } catch (SQLException s) {
      String state = s.getSQLState() == null ? "" : s.getSQLState();
      if (state.equals("28P01") || state.equals("28000")) throw unavailable(e, "the credentials were refused (" + firstLine(s.getMessage()) + ")");
      if (state.equals("3D000")) throw unavailable(e, "there is no database " + e.database());
      if (state.startsWith("08") && s.getCause() instanceof IOException io) throw unavailable(e, unreachable(io));
      throw unavailable(e, firstLine(s.getMessage()));
    }
  }

  private static String unreachable(IOException io) {
    if (io instanceof ConnectException) return "nothing answers there (" + firstLine(io.getMessage()) + ")";
    if (io instanceof SocketTimeoutException) return "no answer within " + PROBE_TIMEOUT.toSeconds() + " s";
    if (io instanceof UnknownHostException) return "unknown host";
    return "cannot reach it (" + firstLine(String.valueOf(io.getMessage())) + ")";
  }

  private static EnvironmentUnavailableException unavailable(ExternalEndpoint e, String why) {
    return new EnvironmentUnavailableException("endpoint " + e.name() + " " + e.redacted() + ": " + why);
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    String line = s.lines().findFirst().orElse("").strip();
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  @Override
  public Topology topology() {
    return topology;
  }

  @Override
  public Path runDirectory() {
    return runDirectory;
  }

  @Override
  public List<Node> nodes() {
    return Collections.unmodifiableList(new ArrayList<>(nodes));
  }

  @Override
  public Credentials credentials() {
    return credentials;
  }

  @Override
  public String database() {
    return topology.isRedis() ? Environment.super.database() : database;
  }

  @Override
  public List<Link> links() {
    return Collections.unmodifiableList(links);
  }

  @Override
  public Endpoint clientEndpoint(Node node) {
    return link(Link.CLIENTS, node).orElseThrow(() -> new IllegalArgumentException("no client link to " + node.name())).listen();
  }

  @Override
  public Endpoint toxiproxyApi() {
    return toxiproxy.api();
  }

  @Override
  public ToxiproxyClient toxiproxy() {
    return toxiproxy.client();
  }

  /** Servers faultline did not start hand out no addresses it maps (no Sentinel, no Cluster here). */
  @Override
  public Endpoint clientRoute(Endpoint advertised) {
    return advertised;
  }

  /**
   * The endpoint the user named primary. External servers are not asked: faultline cannot make
   * them fail over, and a failover someone else causes shows in the history (PostgreSQL writes to
   * a standby fail; a Redis replica refuses writes), not here.
   */
  @Override
  public List<Node> primaries() {
    return nodes.stream().filter(n -> n.role() == Role.PRIMARY).<Node>map(n -> n).toList();
  }

  @Override
  public Optional<Node> primary() {
    List<Node> primaries = primaries();
    return primaries.size() == 1 ? Optional.of(primaries.get(0)) : Optional.empty();
  }

  /** None: faultline controls nothing of these servers (see {@link Topology#offers}). */
  @Override
  public <T> Optional<T> capability(Class<T> type) {
    return Optional.empty();
  }

  @Override
  public void close() {
    teardown.closeOnce();
  }

  @Override
  public String toString() {
    return topology + " (" + nodes.stream().map(n -> n.endpoint.redacted()).toList() + ") in " + runDirectory;
  }

  /** One endpoint: its folder in the run folder holds nothing but what faultline writes about it. */
  static final class ExternalNode implements Node {
    private final ExternalEndpoint endpoint;
    private final Path directory;

    ExternalNode(ExternalEndpoint endpoint, Path directory) {
      this.endpoint = endpoint;
      this.directory = directory;
    }

    @Override
    public String name() {
      return endpoint.name();
    }

    @Override
    public Role role() {
      return endpoint.role();
    }

    /** The endpoint as given: where the server listens, as far as faultline can know. */
    @Override
    public Endpoint address() {
      return endpoint.address();
    }

    @Override
    public Path directory() {
      return directory;
    }

    /** faultline has no log of a server it did not start: a file of its folder that stays absent. */
    @Override
    public Path logFile() {
      return directory.resolve("log-not-collected");
    }

    /** Whether it answers and takes the credentials now (the only way faultline has to tell), whatever its role. */
    @Override
    public boolean isRunning() {
      try {
        probe(endpoint, false);
        return true;
      } catch (EnvironmentUnavailableException e) {
        return false;
      }
    }

    @Override
    public OptionalLong pid() {
      return OptionalLong.empty();
    }

    @Override
    public String toString() {
      return name() + " (" + endpoint.redacted() + ")";
    }
  }
}
