package faultline.environments.nodes;

import faultline.environments.Endpoint;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Link;
import faultline.environments.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * redis-cluster: n1..n3 primaries (slots split in three), n4..n6 their replicas.
 *
 * <p>Links: a cluster node announces one address and one bus port to all its peers
 * (cluster-announce-ip, -port, -bus-port), so each node has a {@link Link.Kind#PEER} proxy (what
 * replicas stream from and what redirects name) and a {@link Link.Kind#CLUSTER_BUS} proxy that
 * every peer's gossip goes through; clients have a proxy of their own per node and map the
 * addresses in redirects with {@link Deployment#clientRoute(Endpoint)}.
 */
final class RedisClusterTopology {
  static final int SLOTS = 16384;
  static final int SHARDS = 3;
  /** Short, so that a failover takes seconds. */
  static final int NODE_TIMEOUT_MILLIS = 2000;

  private RedisClusterTopology() {}

  static void assemble(Deployment env) {
    List<RedisNode> nodes = new ArrayList<>();
    for (int i = 1; i <= 2 * SHARDS; i++) {
      nodes.add(env.addRedisNode("n" + i, i <= SHARDS ? Role.PRIMARY : Role.REPLICA, RedisTopologies.REDIS_PORT));
    }
    List<Endpoint> peer = new ArrayList<>();
    List<Endpoint> bus = new ArrayList<>();
    for (RedisNode node : nodes) {
      // The bus port is chosen, not derived (port + 10000 may be taken or out of range).
      Endpoint busPort = env.port(node, node.address().port() + 10000);
      env.addLink(Link.CLIENTS, node, Link.Kind.CLIENT);
      peer.add(env.addLink(Link.PEERS, node, Link.Kind.PEER).listen());
      bus.add(env.addLink(Link.PEERS, node, Link.Kind.CLUSTER_BUS, busPort).listen());
      int i = peer.size() - 1;
      node.configure(
          "cluster-enabled yes",
          "cluster-config-file nodes.conf",
          "cluster-node-timeout " + NODE_TIMEOUT_MILLIS,
          "cluster-port " + busPort.port(),
          "cluster-announce-ip " + peer.get(i).host(),
          "cluster-announce-port " + peer.get(i).port(),
          "cluster-announce-bus-port " + bus.get(i).port());
    }
    for (RedisNode node : nodes) node.start();
    try {
      RedisNode first = nodes.get(0);
      for (int i = 1; i < nodes.size(); i++) {
        first.call("CLUSTER", "MEET", peer.get(i).host(), Integer.toString(peer.get(i).port()),
            Integer.toString(bus.get(i).port()));
      }
      for (int s = 0; s < SHARDS; s++) {
        int from = s * SLOTS / SHARDS;
        int to = (s + 1) * SLOTS / SHARDS - 1;
        nodes.get(s).call("CLUSTER", "ADDSLOTSRANGE", Integer.toString(from), Integer.toString(to));
      }
      for (RedisNode node : nodes) {
        env.await(node.name() + " knowing all " + nodes.size() + " nodes", () -> knowsAll(node, nodes.size()));
      }
      for (int s = 0; s < SHARDS; s++) {
        String primaryId = nodes.get(s).text("CLUSTER", "MYID");
        nodes.get(SHARDS + s).call("CLUSTER", "REPLICATE", primaryId);
      }
    } catch (IOException e) {
      throw new EnvironmentUnavailableException(
          "redis-cluster could not be formed: " + e.getMessage() + "; logs in " + env.runDirectory());
    }
    RedisTopologies.awaitReplicasStreaming(env, nodes.subList(SHARDS, nodes.size()));
    for (RedisNode node : nodes) {
      env.await(node.name() + " seeing cluster_state:ok", () -> stateOk(node));
    }
  }

  /** Every node known by its announced address, none still in handshake. */
  private static boolean knowsAll(RedisNode node, int count) {
    try {
      String[] lines = node.text("CLUSTER", "NODES").trim().split("\n");
      if (lines.length != count) return false;
      for (String line : lines) {
        if (line.contains("handshake") || line.contains("noaddr")) return false;
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean stateOk(RedisNode node) {
    try {
      return "ok".equals(Resp.field(node.text("CLUSTER", "INFO"), "cluster_state"));
    } catch (IOException e) {
      return false;
    }
  }
}
