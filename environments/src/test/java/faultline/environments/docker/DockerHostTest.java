package faultline.environments.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.environments.Polling;
import faultline.environments.host.Execution;
import faultline.environments.host.Host;
import faultline.environments.host.HostContract;
import faultline.environments.host.HostProcess;
import faultline.environments.host.ProcessSpec;
import faultline.environments.host.Signal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host contract against a real engine, and what a docker host adds: its address, users, NET_ADMIN. */
class DockerHostTest extends HostContract {
  private static DockerRun run;
  private static int hosts;

  /** Per test, so that without an engine each test is reported skipped with the reason (not the class silently). */
  @BeforeEach
  void startRun() {
    String image = DockerTesting.imageOrSkip();
    synchronized (DockerHostTest.class) {
      if (run == null) run = DockerRun.start(image);
    }
  }

  @AfterAll
  static void closeRun() {
    if (run != null) run.close();
  }

  @Override
  protected Host host() {
    return run.host("n" + (++hosts));
  }

  @Test
  void eachHostHasItsOwnAddressOnTheRunsSubnetAndCanFilterPackets() {
    try (DockerHost first = run.host("a1"); DockerHost second = run.host("a2")) {
      String prefix = run.subnet().substring(0, run.subnet().lastIndexOf('.') + 1);
      assertTrue(first.address().startsWith(prefix), first.address() + " in " + run.subnet());
      assertTrue(!first.address().equals(second.address()));
      // Peers find each other by node name on the run's network.
      Execution peer = first.run(List.of("getent", "hosts", "a2"), Duration.ofSeconds(20));
      assertTrue(peer.output().startsWith(second.address() + " "), peer.output());
      Execution ip = first.run(List.of("ip", "-4", "-o", "addr"), Duration.ofSeconds(20));
      assertTrue(ip.output().contains(first.address() + "/"), ip.output());
      // NET_ADMIN: the packet filter of partitions works inside the container.
      Execution drop = first.run(List.of("iptables", "-A", "INPUT", "-s", second.address(), "-j", "DROP"), Duration.ofSeconds(20));
      assertTrue(drop.succeeded(), drop.output());
    }
  }

  @Test
  void signalsReachTheProcessAndItsDescendants() {
    try (DockerHost host = run.host("t1")) {
      Path folder = host.runFolder().resolve("tree");
      host.makeFolder(folder, 0755, Optional.empty());
      HostProcess parent = host.start(ProcessSpec.of(List.of("sh", "-c", "sleep 101 & sleep 102 & wait"), folder, folder.resolve("log")));
      Duration timeout = Duration.ofSeconds(20);
      assertTrue(Polling.until(timeout, () -> states(host, parent).split(" ").length == 3), states(host, parent));
      parent.signal(Signal.STOP);
      assertEquals("T T T", states(host, parent));
      parent.signal(Signal.CONT);
      assertTrue(!states(host, parent).contains("T"), states(host, parent));
      parent.signal(Signal.KILL);
      assertTrue(Polling.until(timeout, () -> states(host, parent).isEmpty()), states(host, parent));
    }
  }

  /** The states of the process group's members, e.g. "S S S". */
  private static String states(DockerHost host, HostProcess process) {
    Execution ps = host.run(List.of("ps", "-o", "stat=", "-g", Long.toString(process.pid())), Duration.ofSeconds(20));
    return String.join(" ", ps.output().lines().map(line -> line.strip().substring(0, 1)).filter(s -> !s.equals("Z")).toList());
  }

  @Test
  void writesAsAnOwnerAndStartsAProcessAsAUser(@TempDir Path local) throws Exception {
    try (DockerHost host = run.host("u1")) {
      host.write(host.runFolder().resolve("top"), new byte[] {1}, 0644, Optional.empty()); // the run folder exists at once
      Path folder = host.runFolder().resolve("pg");
      host.makeFolder(folder, 0700, Optional.of("postgres"));
      Path file = folder.resolve("conf");
      host.write(file, "a = 1\n".getBytes(StandardCharsets.UTF_8), 0640, Optional.of("postgres"));
      assertEquals("postgres postgres 640", host.run(List.of("stat", "-c", "%U %G %a", file.toString()), Duration.ofSeconds(20)).output().strip());
      assertEquals("postgres 700", host.run(List.of("stat", "-c", "%U %a", folder.toString()), Duration.ofSeconds(20)).output().strip());
      // A link at the path is replaced, not written through.
      host.run(List.of("ln", "-sf", "/etc/hostname", folder.resolve("link").toString()), Duration.ofSeconds(20));
      host.write(folder.resolve("link"), "mine\n".getBytes(StandardCharsets.UTF_8), 0600, Optional.empty());
      assertEquals(host.name(), new String(host.read(Path.of("/etc/hostname")), StandardCharsets.UTF_8).strip());
      assertEquals("mine\n", new String(host.read(folder.resolve("link")), StandardCharsets.UTF_8));

      HostProcess process = host.start(ProcessSpec.of(List.of("sh", "-c", "id -un; exec sleep 120"), folder, folder.resolve("p.log")).as("postgres"));
      assertTrue(process.isRunning());
      assertEquals("postgres", host.run(List.of("ps", "-o", "user=", "-p", Long.toString(process.pid())), Duration.ofSeconds(20)).output().strip());
      process.signal(Signal.KILL);
      assertTrue(!process.isRunning());
      assertEquals(137, process.awaitExit(Duration.ofSeconds(20)).orElse(-1));

      Path fetched = local.resolve("logs/p.log");
      host.fetch(folder.resolve("p.log"), fetched);
      assertEquals("postgres\n", Files.readString(fetched));
    }
  }
}
