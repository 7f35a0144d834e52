package faultline.environments.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.environments.Polling;
import faultline.environments.host.HostProcess;
import faultline.environments.host.ProcessSpec;
import faultline.environments.host.Signal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ssh environment will do, by hand: connect to three hosts from an inventory, start a
 * redis-server on each over SSH, see each answer PING from here and the replicas follow n1 across
 * the hosts' network. It prints how long the steps took (no assertion on it: the machine is busy).
 */
class RedisOverSshTest {
  @TempDir
  Path control;

  @Test
  void startsThreeRedisServersOverSsh() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/redis-server")), "needs Debian's redis-server");
    try (NetnsHosts hosts = NetnsHosts.start(3)) {
      StringBuilder entries = new StringBuilder();
      for (NetnsHosts.NetnsHost h : hosts.hosts()) {
        if (!entries.isEmpty()) entries.append(", ");
        entries.append("{\"name\": \"").append(h.name()).append("\", \"address\": \"").append(h.address())
            .append("\", \"key\": \"").append(hosts.key()).append("\", \"folder\": \"").append(h.runFolder()).append("\"}");
      }
      Path file = Files.writeString(control.resolve("inventory.json"),
          "{\"topology\": \"redis-replicated\", \"hosts\": [" + entries + "]}");

      // Twice: the first connection of a JVM loads and warms up MINA SSHD and Bouncy Castle.
      long cold = System.nanoTime();
      Inventory.read(file).connect(control).forEach(SshHost::close);
      long t0 = System.nanoTime();
      List<SshHost> connected = Inventory.read(file).connect(control);
      long t1 = System.nanoTime();
      List<HostProcess> servers = new ArrayList<>();
      try {
        for (SshHost host : connected) {
          Path folder = host.runFolder().resolve("redis");
          host.makeFolder(folder, 0755, Optional.empty());
          servers.add(host.start(ProcessSpec.of(List.of("/usr/bin/redis-server", "--bind", host.address(), "--port", "6379",
              "--protected-mode", "no", "--dir", folder.toString(), "--save", "", "--appendonly", "no"),
              folder, folder.resolve("redis.log"))));
        }
        for (SshHost host : connected) {
          assertTrue(Polling.untilAnswered(Duration.ofSeconds(20), Duration.ofMillis(20),
              () -> ask(host.address(), "PING").equals("+PONG")), host.name() + " did not answer PING");
        }
        long t2 = System.nanoTime();
        String primary = connected.get(0).address();
        for (SshHost replica : connected.subList(1, 3)) {
          assertEquals("+OK", ask(replica.address(), "REPLICAOF " + primary + " 6379"));
        }
        for (SshHost replica : connected.subList(1, 3)) {
          assertTrue(Polling.untilAnswered(Duration.ofSeconds(20), Duration.ofMillis(50),
              () -> ask(replica.address(), "INFO replication").contains("master_link_status:up")),
              replica.name() + " did not reach n1 across the hosts' bridge");
        }
        long t3 = System.nanoTime();
        System.out.printf("ssh timings: connect to 3 hosts %d ms (first in this JVM %d ms); start 3 redis-server until each answers PING %d ms;"
            + " 2 replicas linked to n1 %d ms%n", (t1 - t0) / 1_000_000, (t0 - cold) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        for (HostProcess server : servers) {
          server.signal(Signal.KILL);
          assertFalse(server.isRunning());
        }
      } finally {
        connected.forEach(SshHost::close);
      }
    }
  }

  /** One inline command over a fresh connection; the reply's first line, or a bulk reply's body. */
  private static String ask(String address, String command) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, 6379), 2000);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      String first = line(in);
      if (!first.startsWith("$")) return first;
      int length = Integer.parseInt(first.substring(1));
      return new String(in.readNBytes(Math.max(0, length)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') line.write(c);
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
