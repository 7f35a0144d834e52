package faultline.environments.ssh;

import faultline.environments.Node;
import faultline.environments.PacketFiltering;
import faultline.environments.Topology;
import faultline.environments.host.Execution;
import faultline.environments.host.Host;
import faultline.environments.nodes.ServerNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@link PacketFiltering} of an ssh environment: iptables on the hosts, as Jepsen partitions its
 * nodes. Peers reach each other directly there, so a pair is cut on the host of its first node by
 * four DROP rules that match the two addresses and the nodes' own server ports (a connection from
 * either side to the other's port, and the answers), in a chain of the run's own that INPUT and
 * OUTPUT jump to first. Nodes on different hosts are cut exactly; nodes that share a host (a
 * sentinel beside a data node) share its address too, so a rule for one cuts the other's
 * connections to the same port as well: give sentinels hosts of their own where that matters.
 *
 * <p>The chain is made afresh by every cut, removed whole on every host by a heal and by the
 * environment's teardown; nothing on the hosts sweeps a chain a killed run left (its name says
 * whose it is: the control machine's pid and Toxiproxy port).
 */
final class SshPacketFiltering implements PacketFiltering {
  private static final Duration STEP = Duration.ofSeconds(30);
  /** iptables lives in /usr/sbin, which a plain login's PATH may lack; the xtables lock is waited for 5 s at most. */
  private static final String PRELUDE = "PATH=/usr/sbin:/sbin:$PATH; ipt() { iptables -w 5 \"$@\"; }; ";

  private final String chain;
  private final Topology topology;
  private final List<SshHost> hosts;

  SshPacketFiltering(String chain, Topology topology, List<SshHost> hosts) {
    this.chain = chain;
    this.topology = topology;
    this.hosts = List.copyOf(hosts);
  }

  @Override
  public String chain() {
    return chain;
  }

  /** Whether every host's iptables answered once: that does not change during a run, and asking costs a round trip per host. */
  private volatile boolean usable;

  @Override
  public Optional<String> unavailable() {
    if (usable) return Optional.empty();
    Map<SshHost, Execution> probes = onEveryHost(h -> "command -v iptables >/dev/null || { echo 'iptables is not installed'; exit 1; }; "
        + "ipt -S OUTPUT >/dev/null");
    for (var probe : probes.entrySet()) {
      if (!probe.getValue().succeeded()) {
        return Optional.of(probe.getKey().name() + ": iptables refused (" + firstLine(probe.getValue()) + ")");
      }
    }
    usable = true;
    return Optional.empty();
  }

  @Override
  public void cut(List<Pair> pairs) {
    Map<SshHost, List<String>> rules = new LinkedHashMap<>();
    for (SshHost host : hosts) rules.put(host, new ArrayList<>());
    for (Pair pair : pairs) {
      SshHost host = (SshHost) hostOf(pair.from());
      rules.computeIfAbsent(host, h -> new ArrayList<>()).addAll(rules(pair));
    }
    Map<SshHost, Execution> done = onEveryHost(h -> {
      StringBuilder script = new StringBuilder(removal()).append("; ");
      List<String> own = rules.getOrDefault(h, List.of());
      if (own.isEmpty()) return script.append("true").toString();
      script.append("set -e; ipt -N ").append(chain).append("; ipt -I INPUT 1 -j ").append(chain)
          .append("; ipt -I OUTPUT 1 -j ").append(chain);
      for (String rule : own) script.append("; ipt -A ").append(chain).append(' ').append(rule);
      return script.toString();
    });
    for (var result : done.entrySet()) {
      if (!result.getValue().succeeded()) {
        throw new IllegalStateException(result.getKey().name() + ": iptables refused a rule of chain " + chain + ": "
            + firstLine(result.getValue()));
      }
    }
  }

  @Override
  public Optional<Integer> clear() {
    Map<SshHost, Execution> done = onEveryHost(h -> removal());
    int removed = 0;
    boolean any = false;
    List<String> failures = new ArrayList<>();
    for (var result : done.entrySet()) {
      if (!result.getValue().succeeded()) {
        failures.add(result.getKey().name() + ": " + firstLine(result.getValue()));
        continue;
      }
      for (String line : result.getValue().output().lines().toList()) {
        if (line.startsWith("removed ")) {
          any = true;
          removed += Integer.parseInt(line.substring("removed ".length()).strip());
        }
      }
    }
    if (!failures.isEmpty()) throw new IllegalStateException("could not remove iptables chain " + chain + " on " + String.join("; ", failures));
    return any ? Optional.of(removed) : Optional.empty();
  }

  @Override
  public Optional<String> leftover() {
    Map<SshHost, Execution> listed = onEveryHost(h -> "ipt -S " + chain + " 2>/dev/null | grep -c '^-A " + chain + " ' || true");
    List<String> left = new ArrayList<>();
    for (var result : listed.entrySet()) {
      Execution e = result.getValue();
      // grep -c prints 0 for a chain without rules; nothing at all when there is no chain.
      if (e.succeeded() && !e.output().isBlank() && chainExists(result.getKey())) {
        left.add(result.getKey().name() + " (" + e.output().strip() + " rule(s))");
      }
    }
    return left.isEmpty() ? Optional.empty() : Optional.of("iptables chain " + chain + " on " + String.join(", ", left));
  }

  private boolean chainExists(SshHost host) {
    return run(host, "ipt -S " + chain + " >/dev/null 2>&1").succeeded();
  }

  /**
   * The four rules, on the host of {@code pair.from()}, that cut it from {@code pair.to()}: from's
   * connections to to's ports and their answers, to's connections to from's ports and theirs.
   */
  List<String> rules(Pair pair) {
    String a = pair.from().address().host();
    String b = pair.to().address().host();
    List<String> rules = new ArrayList<>();
    for (int port : ports(pair.to())) {
      rules.add("-s " + a + " -d " + b + " -p tcp --dport " + port + " -j DROP");
      rules.add("-s " + b + " -d " + a + " -p tcp --sport " + port + " -j DROP");
    }
    for (int port : ports(pair.from())) {
      rules.add("-s " + b + " -d " + a + " -p tcp --dport " + port + " -j DROP");
      rules.add("-s " + a + " -d " + b + " -p tcp --sport " + port + " -j DROP");
    }
    return rules;
  }

  /** The ports a node listens on for its peers: its server's, and a cluster node's bus (10000 above, as laid). */
  private List<Integer> ports(Node node) {
    int port = node.address().port();
    return topology == Topology.REDIS_CLUSTER ? List.of(port, port + 10000) : List.of(port);
  }

  /** A script that removes the chain if it is there (the jumps first), printing "removed N" (its rules) when it was. */
  private String removal() {
    String c = chain;
    return "if ipt -S " + c + " >/dev/null 2>&1; then n=$(ipt -S " + c + " | grep -c '^-A " + c + " ' || true);"
        + " for h in INPUT OUTPUT; do i=0; while [ $i -lt 20 ] && ipt -D $h -j " + c + " 2>/dev/null; do i=$((i+1)); done; done;"
        + " ipt -F " + c + " && ipt -X " + c + " && echo \"removed $n\"; fi";
  }

  private Host hostOf(Node node) {
    if (node instanceof ServerNode server) return server.host();
    throw new IllegalArgumentException("node " + node.name() + " is not a server faultline started");
  }

  /** One script per host, all at once (each waits on its host, not on this machine). */
  private Map<SshHost, Execution> onEveryHost(java.util.function.Function<SshHost, String> script) {
    Map<SshHost, Future<Execution>> running = new LinkedHashMap<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (SshHost host : hosts) running.put(host, pool.submit(() -> run(host, script.apply(host))));
    }
    Map<SshHost, Execution> results = new LinkedHashMap<>();
    for (var r : running.entrySet()) {
      try {
        results.put(r.getKey(), r.getValue().get());
      } catch (ExecutionException e) {
        results.put(r.getKey(), new Execution(-1, String.valueOf(e.getCause().getMessage()), false));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        results.put(r.getKey(), new Execution(-1, "interrupted", false));
      }
    }
    return results;
  }

  private static Execution run(SshHost host, String script) {
    return host.run(List.of("sh", "-c", PRELUDE + script), Optional.of("root"), STEP);
  }

  private static String firstLine(Execution e) {
    String text = e.output().strip();
    return text.isEmpty() ? "exit code " + e.exitCode() : text.lines().findFirst().orElse("");
  }
}
