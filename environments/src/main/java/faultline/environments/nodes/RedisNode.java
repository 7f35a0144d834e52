package faultline.environments.nodes;

import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import faultline.environments.Role;
import faultline.environments.host.Host;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A redis-server, or a Sentinel (the same program with --sentinel). Its configuration file is
 * written once, before the first start; Redis rewrites it itself afterwards (a Sentinel records
 * what it learnt, a failover records the new replicaof), as it would in production.
 */
public final class RedisNode extends ServerNode {
  private final boolean sentinel;
  private final List<String> configuration = new ArrayList<>();
  private Credentials credentials;
  /** Whether the configuration file is written: Redis owns it from then on. */
  private boolean written;
  /** Where the host's redis-server is. */
  private final Programs programs;

  public RedisNode(String name, Role role, Endpoint address, Host host, Programs programs, Duration startTimeout) {
    super(name, role, address, host, startTimeout);
    this.programs = programs;
    this.sentinel = role == Role.SENTINEL;
    configuration.add("bind " + address.host());
    // Outgoing connections (replication, sentinel links, cluster bus) leave from the node's own
    // address too, not 127.0.0.1: a packet filter can then tell which node a flow to a shared peer
    // proxy comes from, and cut one pair of nodes (Redis 7's bind-source-addr; without it the
    // kernel picks 127.0.0.1 for every node).
    configuration.add("bind-source-addr " + address.host());
    configuration.add("port " + address.port());
    configuration.add("protected-mode no");
    configuration.add("daemonize no");
    configuration.add("logfile \"\"");
    configuration.add("dir " + dataDirectory());
    if (!sentinel) {
      // DESIGN.md's durability defaults (a run's --appendfsync comes after, and wins). Under
      // everysec a write reaches the AOF (the page cache) before its reply only while no background
      // fsync is pending; while one is, Redis 7.0 holds the write back for up to 2 s and replies
      // anyway, so a kill -9 during a slow fsync loses acknowledged writes (the disk-stall fault).
      configuration.add("appendonly yes");
      configuration.add("appendfsync everysec");
      // Full syncs start at once: Redis 7 otherwise waits 5 s for more replicas to join.
      configuration.add("repl-diskless-sync-delay 0");
    }
  }

  /** AOF, RDB and nodes.conf: deleted with the environment; config and log stay. */
  @Override
  public Path dataDirectory() {
    return directory().resolve("data");
  }

  /** Adds configuration lines; only before the first start. */
  RedisNode configure(String... lines) {
    if (written) throw new IllegalStateException(name() + " is already configured");
    configuration.addAll(List.of(lines));
    return this;
  }

  /**
   * The run's password, required of every client: requirepass, and masterauth for a replica's
   * link to its primary. A sentinel requires it too, presents it to the nodes it monitors
   * (auth-pass) and to other sentinels (sentinel-pass). Only before the first start.
   */
  public RedisNode requirePassword(Credentials credentials) {
    if (written) throw new IllegalStateException(name() + " is already configured");
    this.credentials = credentials;
    return this;
  }

  private List<String> passwordLines() {
    String password = credentials.password();
    if (!sentinel) return List.of("requirepass " + password, "masterauth " + password);
    // After "sentinel monitor" (auth-pass names its master); Redis rewrites the file, keeping both.
    return List.of("requirepass " + password, "sentinel sentinel-pass " + password,
        "sentinel auth-pass " + RedisSentinelTopology.MASTER_NAME + " " + password);
  }

  /** One command to this node, authenticated (see {@link Resp#call}). */
  Object call(String... command) throws IOException {
    return Resp.call(address(), credentials, command);
  }

  String text(String... command) throws IOException {
    return Resp.text(address(), credentials, command);
  }

  String info(String section, String field) throws IOException {
    return Resp.info(address(), credentials, section, field);
  }

  Path configFile() {
    return directory().resolve(sentinel ? "sentinel.conf" : "redis.conf");
  }

  @Override
  public synchronized void start() {
    if (!written) {
      if (credentials == null) throw new IllegalStateException(name() + " has no password to require");
      // Only ours to read: the configuration holds the password (and Redis rewrites it, with a mode of its choosing).
      host().makeFolder(directory(), 0700, Optional.empty());
      host().makeFolder(dataDirectory(), 0700, Optional.empty());
      List<String> lines = new ArrayList<>(configuration);
      lines.addAll(passwordLines());
      host().write(configFile(), (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8), 0600, Optional.empty());
      written = true;
    }
    super.start();
  }

  @Override
  List<String> command() {
    List<String> command = new ArrayList<>(List.of(programs.path("redis-server").toString(), configFile().toString()));
    if (sentinel) command.add("--sentinel");
    return command;
  }

  /** Ready (PING answers PONG, not LOADING), and the server's own process_id (INFO server). */
  @Override
  public OptionalLong answeringPid() {
    try {
      if (!"PONG".equals(text("PING"))) return OptionalLong.empty();
      return OptionalLong.of(Long.parseLong(info("server", "process_id").trim()));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty(); // not listening yet, or LOADING its AOF
    }
  }

  @Override
  String program() {
    return sentinel ? "redis-sentinel" : "redis-server";
  }

  /** INFO replication's role: "master" or "slave"; null when the node does not answer. */
  String replicationRole() {
    try {
      return info("replication", "role");
    } catch (IOException e) {
      return null;
    }
  }
}
