package faultline.environments.docker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.environments.Polling;
import faultline.environments.host.Execution;
import faultline.environments.host.ProcessSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * How long the docker environment takes to give three Redis nodes that answer PING, from nothing
 * (engine connected, image present): the run's network, three containers, three redis-servers.
 * Then replication and a sentinel per node, until every sentinel sees the primary with two
 * replicas. Printed, not asserted (the machine is shared): the measure of whether docker's
 * redis-sentinel can start in under 10 s.
 */
class RedisStartupTimingTest {

  @Test
  void threeContainersAndThreeRedisServersAnswerPing() throws Exception {
    String image = DockerTesting.imageOrSkip();
    long started = System.nanoTime();
    try (DockerRun run = DockerRun.start(image); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      long network = System.nanoTime();
      List<Future<DockerHost>> nodes = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        String name = "r" + i;
        nodes.add(pool.submit(() -> startRedis(run, name)));
      }
      List<DockerHost> hosts = new ArrayList<>();
      for (Future<DockerHost> node : nodes) hosts.add(node.get());
      for (DockerHost host : hosts) {
        assertTrue(Polling.untilAnswered(Duration.ofSeconds(30), Duration.ofMillis(20), () -> pong(host.address())),
            host + " does not answer PING");
      }
      long ready = System.nanoTime();
      System.err.printf("docker timing: network %.2f s, 3 containers + 3 redis-servers answering PING %.2f s, total %.2f s%n",
          (network - started) / 1e9, (ready - network) / 1e9, (ready - started) / 1e9);

      // Then as redis-sentinel would: r2 and r3 replicate r1, and a sentinel on each node monitors it.
      String primary = hosts.get(0).address();
      List<Future<?>> sentinels = new ArrayList<>();
      for (DockerHost host : hosts) {
        sentinels.add(pool.submit(() -> {
          if (host != hosts.get(0)) {
            Execution replicate = host.run(List.of("redis-cli", "replicaof", primary, "6379"), Duration.ofSeconds(20));
            assertTrue(replicate.succeeded(), replicate.output());
          }
          startSentinel(host, primary);
          return null;
        }));
      }
      for (Future<?> sentinel : sentinels) sentinel.get();
      for (DockerHost host : hosts) {
        assertTrue(Polling.until(Duration.ofSeconds(60), Duration.ofMillis(50), () -> sentinelSeesTwoReplicas(host)),
            host + "'s sentinel does not see the primary with two replicas");
      }
      long sentinelReady = System.nanoTime();
      System.err.printf("docker timing: replication + 3 sentinels seeing the primary and 2 replicas %.2f s more, total %.2f s%n",
          (sentinelReady - ready) / 1e9, (sentinelReady - started) / 1e9);
    }
    System.err.printf("docker timing: with close %.2f s%n", (System.nanoTime() - started) / 1e9);
  }

  private static DockerHost startRedis(DockerRun run, String name) {
    DockerHost host = run.host(name);
    Path folder = host.runFolder().resolve(name);
    host.makeFolder(folder, 0755, Optional.of("redis"));
    host.start(ProcessSpec.of(List.of("redis-server", "--bind", "0.0.0.0", "--port", "6379", "--protected-mode", "no",
        "--save", "", "--appendonly", "no", "--dir", folder.toString()), folder, folder.resolve("redis.log")).as("redis"));
    return host;
  }

  private static void startSentinel(DockerHost host, String primary) {
    Path folder = host.runFolder().resolve("sentinel");
    host.makeFolder(folder, 0755, Optional.of("redis"));
    String config = String.join("\n", "port 26379", "bind 0.0.0.0", "protected-mode no", "dir " + folder,
        "sentinel monitor mymaster " + primary + " 6379 2", "sentinel down-after-milliseconds mymaster 2000", "");
    host.write(folder.resolve("sentinel.conf"), config.getBytes(StandardCharsets.UTF_8), 0644, Optional.of("redis"));
    host.start(ProcessSpec.of(List.of("redis-sentinel", folder.resolve("sentinel.conf").toString()), folder,
        folder.resolve("sentinel.log")).as("redis"));
  }

  /** The sentinel's own word, through redis-cli in its container: the primary known, with two replicas. */
  private static boolean sentinelSeesTwoReplicas(DockerHost host) {
    Execution master = host.run(List.of("redis-cli", "-p", "26379", "sentinel", "master", "mymaster"), Duration.ofSeconds(20));
    List<String> fields = master.output().lines().toList();
    int slaves = fields.indexOf("num-slaves");
    return master.succeeded() && slaves >= 0 && slaves + 1 < fields.size() && fields.get(slaves + 1).equals("2");
  }

  private static boolean pong(String address) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, 6379), 1000);
      socket.setSoTimeout(1000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.readNBytes(reply, 0, 7);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }
}
