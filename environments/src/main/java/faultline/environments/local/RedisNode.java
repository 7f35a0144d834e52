package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A redis-server, or a Sentinel (the same program with --sentinel). Its configuration file is
 * written once, before the first start; Redis rewrites it itself afterwards (a Sentinel records
 * what it learnt, a failover records the new replicaof), as it would in production.
 */
final class RedisNode extends LocalNode {
  private final boolean sentinel;
  private final List<String> configuration = new ArrayList<>();

  RedisNode(String name, Role role, Endpoint address, Path directory, RunRegistry registry, Duration startTimeout) {
    super(name, role, address, directory, registry, startTimeout);
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
      // DESIGN.md's durability defaults: every write is in the AOF before its reply.
      configuration.add("appendonly yes");
      configuration.add("appendfsync everysec");
      // Full syncs start at once: Redis 7 otherwise waits 5 s for more replicas to join.
      configuration.add("repl-diskless-sync-delay 0");
    }
  }

  /** AOF, RDB and nodes.conf: deleted with the environment; config and log stay. */
  Path dataDirectory() {
    return directory().resolve("data");
  }

  /** Adds configuration lines; only before the first start. */
  RedisNode configure(String... lines) {
    if (Files.exists(configFile())) throw new IllegalStateException(name() + " is already configured");
    configuration.addAll(List.of(lines));
    return this;
  }

  Path configFile() {
    return directory().resolve(sentinel ? "sentinel.conf" : "redis.conf");
  }

  @Override
  synchronized void start() {
    if (!Files.exists(configFile())) {
      Directories.create(dataDirectory());
      registry().dataDirectory(dataDirectory());
      try {
        Files.writeString(configFile(), String.join("\n", configuration) + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + configFile(), e);
      }
    }
    super.start();
  }

  @Override
  List<String> command() {
    List<String> command = new ArrayList<>(List.of(Binaries.redisServer().toString(), configFile().toString()));
    if (sentinel) command.add("--sentinel");
    return command;
  }

  /** Ready (PING answers PONG, not LOADING), and the server's own process_id (INFO server). */
  @Override
  OptionalLong answeringPid() {
    try {
      if (!"PONG".equals(Resp.text(address(), "PING"))) return OptionalLong.empty();
      return OptionalLong.of(Long.parseLong(Resp.info(address(), "server", "process_id").trim()));
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
      return Resp.info(address(), "replication", "role");
    } catch (IOException e) {
      return null;
    }
  }
}
