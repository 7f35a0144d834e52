package faultline.environments.local;

import faultline.environments.Environment;
import faultline.environments.Topology;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link LeftoverSweepTest}: starts redis-single, says where, and waits to
 * be killed with SIGKILL (at most a minute, so it can never linger). With a second argument
 * {@code chain} it also holds a packet filter chain with one rule, as a partition would.
 */
public final class HoldEnvironment {
  private HoldEnvironment() {}

  public static void main(String[] args) throws Exception {
    Environment env = LocalEnvironment.builder(Topology.REDIS_SINGLE).runDirectory(Path.of(args[0])).start();
    String chain = "-";
    if (args.length > 1 && args[1].equals("chain")) {
      FilterChains chains = new FilterChains(Iptables.system());
      chain = FilterChains.nameFor(env.toxiproxyApi());
      chains.create(chain);
      chains.append(chain, List.of("-s", "127.0.0.77", "-d", "127.0.0.10", "-p", "tcp", "--dport", "9", "-j", "DROP"));
    }
    System.out.println("UP " + env.node("n1").pid().orElseThrow() + " " + env.toxiproxyApi() + " " + chain);
    System.out.flush();
    Thread.sleep(60_000);
    env.close();
  }
}
