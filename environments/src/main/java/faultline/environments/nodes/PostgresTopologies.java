package faultline.environments.nodes;

import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Link;
import faultline.environments.Replication;
import faultline.environments.Role;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * pg-single and pg-replicated. Each replica streams through a link of its own to the primary
 * (primary_conninfo names the proxy), and has one to every other data node as well: after a
 * promotion it follows the new primary through its link there ({@code Environment.follow}), and
 * the old primary comes back through its own ({@code Environment.rejoin}).
 */
final class PostgresTopologies {
  private PostgresTopologies() {}

  static void single(Deployment env) {
    PostgresNode n1 = env.addPostgresNode("n1", Role.PRIMARY);
    env.addLink(Link.CLIENTS, n1, Link.Kind.CLIENT);
    n1.initialize();
    n1.start();
  }

  static void replicated(Deployment env, Replication replication) {
    PostgresNode primary = env.addPostgresNode("n1", Role.PRIMARY);
    List<PostgresNode> replicas = List.of(
        env.addPostgresNode("n2", Role.REPLICA), env.addPostgresNode("n3", Role.REPLICA));
    List<PostgresNode> all = List.of(primary, replicas.get(0), replicas.get(1));
    for (PostgresNode node : all) {
      env.addLink(Link.CLIENTS, node, Link.Kind.CLIENT);
      // pg_rewind, which takes a fenced old primary back as a replica, needs hint-bit changes in the
      // WAL. It changes no durability; the cost is a full-page image per page first hinted after a checkpoint.
      node.configure("wal_log_hints = on");
    }
    for (PostgresNode from : all) {
      for (PostgresNode to : all) {
        if (from != to) env.addLink(from.name(), to, Link.Kind.REPLICATION);
      }
    }
    if (replication.isSynchronous()) {
      // Only on the primary: a promoted replica would otherwise wait for standbys it does not have.
      primary.configure(
          "synchronous_standby_names = '" + replication.standbyNames(replicas.stream().map(PostgresNode::name).toList()) + "'",
          "synchronous_commit = " + replication.synchronousCommit());
    }
    primary.initialize();
    primary.start();
    // The replicas are independent: clone and start them side by side. A replica's first start
    // fsyncs its whole copied data folder (crash recovery of a base backup), seconds on a slow disk.
    try (ExecutorService pool = Executors.newFixedThreadPool(replicas.size())) {
      List<Future<?>> clones = replicas.stream()
          .<Future<?>>map(r -> pool.submit(() -> {
            r.cloneFrom(primary, env.link(r.name(), primary).orElseThrow().listen());
            r.start();
          }))
          .toList();
      for (Future<?> clone : clones) clone.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentUnavailableException("interrupted while starting the replicas");
    }
    env.await("both replicas streaming from n1", () -> streamingReplicas(primary) == replicas.size());
  }

  /** How many replicas the primary sees streaming (pg_stat_replication). */
  static int streamingReplicas(PostgresNode primary) {
    try (Connection c = primary.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")) {
      return r.next() ? r.getInt(1) : 0;
    } catch (SQLException e) {
      return 0;
    }
  }
}
