package faultline.cli;

import faultline.environments.Credentials;
import faultline.environments.Environment;
import faultline.cli.run.Environments;
import faultline.environments.EnvironmentKind;
import faultline.environments.docker.DockerEngine;
import faultline.environments.docker.Leftovers;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Link;
import faultline.environments.Node;
import faultline.environments.Replication;
import faultline.environments.Role;
import faultline.environments.Topology;
import faultline.environments.local.RunRegistry;
import faultline.environments.ssh.Inventory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code faultline env}: a topology of the local environment, started by hand to investigate with
 * redis-cli or psql, and the cleanup of one whose owner was killed.
 */
@Command(
    name = "env",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Starts a local topology by hand (env up), or cleans up after a killed one (env down).",
    subcommands = {EnvCommand.Up.class, EnvCommand.Down.class})
public final class EnvCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "env needs a subcommand: up or down");
  }

  /** {@code faultline env up TOPOLOGY}: starts it, prints it, keeps it up until Ctrl-C. */
  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      resourceBundle = "faultline.cli.RegistryHelp",
      description = {
        "Starts a topology (servers on 127.0.0.x, in containers with --env docker, or on an inventory's hosts with --env ssh) and keeps it up until Ctrl-C.",
        "It prints the nodes, client endpoints, proxies and the Toxiproxy API.",
        "Exit codes: 0 stopped normally, 64 bad usage, 69 the environment could not be started."
      })
  static final class Up implements Callable<Integer> {
    @Parameters(paramLabel = "TOPOLOGY", descriptionKey = "env-topology")
    String topology;

    @Option(names = "--sync", paramLabel = "MODE", defaultValue = "off",
        description = "pg-replicated: off (asynchronous, default), on or remote_apply (synchronous_commit, quorum ANY 1)")
    String sync;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "run folder for data, configs and logs (default: store/env/<topology>/<time>)")
    Path dir;

    @Option(names = "--for", paramLabel = "SECONDS",
        description = "stop by itself after this many seconds (default: run until Ctrl-C)")
    Long seconds;

    @Option(names = "--env", paramLabel = "KIND", defaultValue = "local",
        description = "where the servers run: local (default), docker (a container per node) or ssh (with --inventory); "
            + "external servers are not started by faultline")
    String env;

    @Option(names = "--image", paramLabel = "DB=NAME", description = "--env docker: redis=NAME or postgres=NAME, an image the engine has "
        + "instead of faultline's own (scripts/docker-image builds that); repeatable")
    List<String> images;

    @Option(names = "--inventory", paramLabel = "FILE", description = "--env ssh: the hosts (docs/environments.md)")
    Path inventory;

    @Override
    public Integer call() throws Exception {
      Topology chosen;
      Replication replication;
      EnvironmentKind kind;
      Map<String, String> chosenImages;
      Inventory hosts = null;
      try {
        chosen = Topology.byId(topology);
        replication = Replication.bySyncOption(sync);
        kind = EnvironmentKind.byId(env);
        chosenImages = Environments.images(images, kind);
        if (kind == EnvironmentKind.EXTERNAL) throw new IllegalArgumentException("--env external: faultline starts no external servers ('faultline run --endpoint URL' uses them)");
        if (kind == EnvironmentKind.SSH && inventory == null) throw new IllegalArgumentException("--env ssh needs --inventory FILE: the hosts to run on");
        if (kind != EnvironmentKind.SSH && inventory != null) throw new IllegalArgumentException("--inventory lists the hosts of --env ssh, not of --env " + kind);
        if (inventory != null) {
          hosts = Inventory.read(inventory);
          if (hosts.topology() != chosen) throw new IllegalArgumentException("inventory " + inventory + " lays " + hosts.topology().id() + ", not " + chosen.id());
        }
      } catch (IllegalArgumentException e) {
        throw new UserError(ExitCode.USAGE, e.getMessage());
      }
      if (chosen.isExternal()) throw new UserError(ExitCode.USAGE, chosen + " is not started by faultline: 'faultline run --endpoint URL' uses it");
      if (replication != Replication.ASYNC && chosen != Topology.PG_REPLICATED) {
        throw new UserError(ExitCode.USAGE, "--sync applies to pg-replicated only");
      }
      if (seconds != null && seconds <= 0) throw new UserError(ExitCode.USAGE, "--for must be positive");
      Path runDirectory = dir != null ? dir : Path.of("store", "env", chosen.id(),
          LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS")));

      long started = System.nanoTime();
      try (Environment env = start(kind, chosen, runDirectory, Environments.Request.of(replication, hosts, chosenImages,
          progress -> System.err.println("faultline: docker image: " + progress)))) {
        print(env, (System.nanoTime() - started) / 1_000_000, System.out);
        // Ctrl-C or SIGTERM ends the JVM; the environment's shutdown hook stops everything.
        CountDownLatch never = new CountDownLatch(1);
        if (seconds == null) never.await();
        else never.await(seconds, TimeUnit.SECONDS);
      }
      System.err.println("faultline: environment stopped; logs kept in " + runDirectory);
      return ExitCode.VALID;
    }

    private static Environment start(EnvironmentKind kind, Topology topology, Path runDirectory, Environments.Request request) {
      try {
        return Environments.start(kind, topology, runDirectory, request);
      } catch (EnvironmentUnavailableException e) {
        if (!e.details().isEmpty()) System.err.println(e.details().indent(2).stripTrailing());
        throw new UserError(ExitCode.UNAVAILABLE, e.getMessage());
      }
    }

    private static void print(Environment env, long startMillis, PrintStream out) {
      out.printf("%s is up%s (started in %d ms); run folder %s%n", env.topology(),
          env.kind() == EnvironmentKind.LOCAL ? "" : " on " + env.kind(), startMillis, env.runDirectory());
      out.printf("toxiproxy API  http://%s  (e.g. curl http://%s/proxies)%n%n", env.toxiproxyApi(), env.toxiproxyApi());
      out.printf("%-5s %-9s %-22s %-22s %s%n", "node", "role", "listens on", "clients connect to", "log");
      for (Node node : env.nodes()) {
        out.printf("%-5s %-9s %-22s %-22s %s%n", node.name(), node.role().name().toLowerCase(),
            node.address(), env.clientEndpoint(node), node.logFile());
      }
      out.printf("%nproxies (disable one to cut its link)%n");
      for (Link link : env.links()) {
        out.printf("  %-18s %-9s -> %-4s %-12s %s -> %s%n", link.name(), link.from(), link.to().name(),
            link.kind().name().toLowerCase(), link.listen(), link.to().address());
      }
      Node first = env.nodes().get(0);
      var endpoint = env.clientEndpoint(first);
      out.println();
      // The servers require the run's password; it is in a file only we may read, never on the screen.
      Path password = env.runDirectory().resolve(Credentials.FILE);
      out.printf("password (every server and sentinel): in %s (mode 0600)%n", password);
      if (env.topology().isRedis()) {
        out.printf("try: REDISCLI_AUTH=$(cat %s) redis-cli -h %s -p %d%s%n", password, endpoint.host(), endpoint.port(),
            env.topology() == Topology.REDIS_CLUSTER ? " -c" : "");
        env.nodes().stream().filter(n -> n.role() == Role.SENTINEL).findFirst().ifPresent(s ->
            out.printf("     REDISCLI_AUTH=$(cat %s) redis-cli -h %s -p %d SENTINEL get-master-addr-by-name faultline%n",
                password, env.clientEndpoint(s).host(), env.clientEndpoint(s).port()));
      } else {
        out.printf("try: PGPASSWORD=$(cat %s) psql -h %s -p %d -U postgres%n", password, endpoint.host(), endpoint.port());
        env.topology().cache().map(env::node).map(env::clientEndpoint).ifPresent(cache ->
            out.printf("     REDISCLI_AUTH=$(cat %s) redis-cli -h %s -p %d%n", password, cache.host(), cache.port()));
      }
      if (env.kind().peersThroughProxies() && (env.topology() == Topology.REDIS_SENTINEL || env.topology() == Topology.REDIS_CLUSTER)) {
        out.println("note: sentinel answers and cluster redirects name the nodes' peer proxies (what replicas");
        out.println("      and sentinels use); a faultline client maps them to the client proxies above.");
      }
      out.println("Ctrl-C stops everything (data deleted, logs kept).");
      out.flush();
    }
  }

  /** {@code faultline env down}: removes what environments of killed processes left. */
  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      versionProvider = Version.class,
      description = "Kills the servers and proxies of environments whose faultline process was killed, and deletes their data (logs stay).")
  static final class Down implements Callable<Integer> {
    @Override
    public Integer call() {
      try {
        List<String> cleaned = new java.util.ArrayList<>(RunRegistry.sweep());
        // Docker runs killed outright: their containers and networks, where an engine may be.
        if (System.getenv("DOCKER_HOST") != null || java.nio.file.Files.exists(Path.of("/var/run/docker.sock"))) {
          if (DockerEngine.unavailableReason().isEmpty()) {
            Leftovers.sweep(DockerEngine.client()).forEach(removed -> cleaned.add("removed " + removed));
          }
        }
        cleaned.forEach(System.out::println);
        if (cleaned.isEmpty()) System.out.println("nothing to clean up");
        for (Path live : RunRegistry.live()) {
          System.out.println("left alone (its faultline process is still running; Ctrl-C it): " + live);
        }
      } catch (EnvironmentUnavailableException e) {
        throw new UserError(ExitCode.UNAVAILABLE, e.getMessage()); // a state folder not to be trusted
      }
      return ExitCode.VALID;
    }
  }
}
