package faultline.environments.nodes;

import faultline.environments.Endpoint;
import faultline.environments.Link;
import faultline.environments.Role;
import java.io.IOException;
import java.util.List;

/**
 * redis-single and redis-replicated. Without Sentinel nothing rewrites a replica's replicaof, so
 * each replica gets a link of its own to every other data node: cutting n2's link to n1 leaves
 * n3 streaming, and a nemesis that repoints a replica after a manual failover has a link too.
 */
final class RedisTopologies {
  static final int REDIS_PORT = 6379;

  private RedisTopologies() {}

  static void single(Deployment env) {
    RedisNode n1 = env.addRedisNode("n1", Role.PRIMARY, REDIS_PORT);
    env.addLink(Link.CLIENTS, n1, Link.Kind.CLIENT);
    n1.start();
  }

  static void replicated(Deployment env) {
    RedisNode primary = env.addRedisNode("n1", Role.PRIMARY, REDIS_PORT);
    List<RedisNode> replicas = List.of(
        env.addRedisNode("n2", Role.REPLICA, REDIS_PORT), env.addRedisNode("n3", Role.REPLICA, REDIS_PORT));
    List<RedisNode> all = List.of(primary, replicas.get(0), replicas.get(1));
    for (RedisNode node : all) env.addLink(Link.CLIENTS, node, Link.Kind.CLIENT);
    for (RedisNode from : all) {
      for (RedisNode to : all) {
        if (from != to) env.addLink(from.name(), to, Link.Kind.REPLICATION);
      }
    }
    for (RedisNode node : all) {
      // The primary lists its replicas by the address clients can reach them at.
      Endpoint announced = env.clientEndpoint(node);
      node.configure("replica-announce-ip " + announced.host(), "replica-announce-port " + announced.port());
    }
    for (RedisNode replica : replicas) {
      Endpoint via = env.link(replica.name(), primary).orElseThrow().listen();
      replica.configure("replicaof " + via.host() + " " + via.port());
    }
    for (RedisNode node : all) node.start();
    awaitReplicasStreaming(env, replicas);
  }

  /** Waits until every replica has finished its first sync and streams from its primary. */
  static void awaitReplicasStreaming(Deployment env, List<RedisNode> replicas) {
    for (RedisNode replica : replicas) {
      env.await(replica.name() + " streaming from its primary", () -> isStreaming(replica));
    }
  }

  static boolean isStreaming(RedisNode replica) {
    try {
      return "up".equals(replica.info("replication", "master_link_status"));
    } catch (IOException e) {
      return false;
    }
  }
}
