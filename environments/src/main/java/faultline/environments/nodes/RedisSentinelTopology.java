package faultline.environments.nodes;

import faultline.environments.Endpoint;
import faultline.environments.Link;
import faultline.environments.Role;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * redis-sentinel: n1 primary, n2 and n3 replicas, s1..s3 sentinels (quorum 2).
 *
 * <p>Links: Sentinel knows each node by one address, the one the node announces, and "fixes" any
 * replica whose replicaof differs from it; so replicas and sentinels share one proxy per node
 * (its {@link Link.Kind#PEER} link), and replication cannot be cut per replica here (only per
 * node it streams from). Clients have their own proxy per node and reach sentinels through theirs;
 * the addresses sentinels hand out are peer addresses, which
 * {@link Deployment#clientRoute(Endpoint)} maps to client proxies. Sentinels reach each
 * other through each sentinel's peer proxy (sentinel announce-ip/port).
 */
public final class RedisSentinelTopology {
  /** The name the sentinels know the primary by (clients ask for it). */
  public static final String MASTER_NAME = "faultline";
  static final int SENTINEL_PORT = 26379;
  static final int QUORUM = 2;
  /** How long a node may be silent before a sentinel thinks it down: a failover takes seconds. */
  static final int DOWN_AFTER_MILLIS = 1000;
  static final int FAILOVER_TIMEOUT_MILLIS = 3000;

  private RedisSentinelTopology() {}

  static void assemble(Deployment env) {
    RedisNode primary = env.addRedisNode("n1", Role.PRIMARY, RedisTopologies.REDIS_PORT);
    List<RedisNode> replicas = List.of(
        env.addRedisNode("n2", Role.REPLICA, RedisTopologies.REDIS_PORT),
        env.addRedisNode("n3", Role.REPLICA, RedisTopologies.REDIS_PORT));
    List<RedisNode> data = List.of(primary, replicas.get(0), replicas.get(1));
    List<RedisNode> sentinels = List.of(
        env.addRedisNode("s1", Role.SENTINEL, SENTINEL_PORT),
        env.addRedisNode("s2", Role.SENTINEL, SENTINEL_PORT),
        env.addRedisNode("s3", Role.SENTINEL, SENTINEL_PORT));

    Map<RedisNode, Endpoint> announced = new HashMap<>();
    for (RedisNode node : data) {
      env.addLink(Link.CLIENTS, node, Link.Kind.CLIENT);
      announced.put(node, env.addLink(Link.PEERS, node, Link.Kind.PEER).listen());
    }
    for (RedisNode sentinel : sentinels) {
      env.addLink(Link.CLIENTS, sentinel, Link.Kind.CLIENT);
      announced.put(sentinel, env.addLink(Link.PEERS, sentinel, Link.Kind.PEER).listen());
    }

    for (RedisNode node : data) {
      Endpoint self = announced.get(node);
      node.configure("replica-announce-ip " + self.host(), "replica-announce-port " + self.port());
    }
    Endpoint primaryAddress = announced.get(primary);
    for (RedisNode replica : replicas) {
      replica.configure("replicaof " + primaryAddress.host() + " " + primaryAddress.port());
    }
    String master = RedisSentinelTopology.MASTER_NAME;
    for (RedisNode sentinel : sentinels) {
      Endpoint self = announced.get(sentinel);
      sentinel.configure(
          "sentinel announce-ip " + self.host(),
          "sentinel announce-port " + self.port(),
          "sentinel monitor " + master + " " + primaryAddress.host() + " " + primaryAddress.port() + " " + QUORUM,
          "sentinel down-after-milliseconds " + master + " " + DOWN_AFTER_MILLIS,
          "sentinel failover-timeout " + master + " " + FAILOVER_TIMEOUT_MILLIS,
          "sentinel parallel-syncs " + master + " 1");
    }

    for (RedisNode node : data) node.start();
    RedisTopologies.awaitReplicasStreaming(env, replicas);
    for (RedisNode sentinel : sentinels) sentinel.start();
    // A failover needs sentinels that know the replicas and each other: wait for both.
    for (RedisNode sentinel : sentinels) {
      env.await(sentinel.name() + " knowing 2 replicas and 2 other sentinels",
          () -> knowsAll(sentinel, replicas.size(), sentinels.size() - 1));
    }
  }

  private static boolean knowsAll(RedisNode sentinel, int replicas, int otherSentinels) {
    try {
      Object reply = sentinel.call("SENTINEL", "MASTER", RedisSentinelTopology.MASTER_NAME);
      if (!(reply instanceof List<?> fields)) return false;
      Map<String, String> state = new HashMap<>();
      for (int i = 0; i + 1 < fields.size(); i += 2) state.put(fields.get(i).toString(), fields.get(i + 1).toString());
      return Integer.toString(replicas).equals(state.get("num-slaves"))
          && Integer.toString(otherSentinels).equals(state.get("num-other-sentinels"));
    } catch (IOException e) {
      return false;
    }
  }
}
