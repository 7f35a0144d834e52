package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP connections that the nodes' own processes hold to the environment's peer and
 * cluster-bus proxies, as {@code ss -tnp} shows them: who connects, from which address.
 */
final class PeerConnections {
  private static final Pattern PID = Pattern.compile("pid=(\\d+)");

  private PeerConnections() {}

  /** One connection: the node whose process holds it, its local end, the proxy it reaches. */
  record Connection(Node node, Endpoint local, Link link) {}

  static List<Connection> of(Environment env) throws IOException, InterruptedException {
    Map<Long, Node> byPid = new HashMap<>();
    for (Node node : env.nodes()) node.pid().ifPresent(pid -> byPid.put(pid, node));
    Map<Endpoint, Link> shared = new HashMap<>();
    for (Link link : env.links()) {
      if (link.kind() == Link.Kind.PEER || link.kind() == Link.Kind.CLUSTER_BUS) shared.put(link.listen(), link);
    }
    Process ss = new ProcessBuilder("ss", "-tnpH").redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ss.waitFor(10, TimeUnit.SECONDS)).as("ss finished").isTrue();
    List<Connection> connections = new ArrayList<>();
    for (String line : out.lines().toList()) {
      String[] columns = line.trim().split("\\s+");
      if (columns.length < 6) continue;
      Link link = shared.get(Endpoint.parse(columns[4]));
      Matcher pid = PID.matcher(line);
      if (link == null || !pid.find()) continue;
      Node node = byPid.get(Long.parseLong(pid.group(1)));
      if (node != null) connections.add(new Connection(node, Endpoint.parse(columns[3]), link));
    }
    return connections;
  }

  /**
   * Every node's connections to peer proxies leave from its own address (bind-source-addr), so
   * that a packet filter can tell the nodes apart on a proxy they share; and there are some.
   */
  static void assertEachFromItsOwnAddress(Environment env) throws IOException, InterruptedException {
    List<Connection> connections = of(env);
    assertThat(connections).as("connections from nodes to peer proxies").isNotEmpty();
    for (Connection c : connections) {
      assertThat(c.local().host()).as("%s's connection to %s", c.node().name(), c.link().name())
          .isEqualTo(c.node().address().host());
    }
  }
}
