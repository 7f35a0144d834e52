package faultline.environments.local;

import faultline.environments.Environment;
import faultline.environments.Topology;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link LeftoverSweepTest}: starts redis-single, says where, and waits to
 * be killed with SIGKILL (at most a minute, so it can never linger).
 */
public final class HoldEnvironment {
  private HoldEnvironment() {}

  public static void main(String[] args) throws Exception {
    Environment env = LocalEnvironment.builder(Topology.REDIS_SINGLE).runDirectory(Path.of(args[0])).start();
    System.out.println("UP " + env.node("n1").pid().orElseThrow() + " " + env.toxiproxyApi());
    System.out.flush();
    Thread.sleep(60_000);
    env.close();
  }
}
