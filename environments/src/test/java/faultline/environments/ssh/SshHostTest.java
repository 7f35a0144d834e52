package faultline.environments.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.environments.Polling;
import faultline.environments.host.Host;
import faultline.environments.host.HostContract;
import faultline.environments.host.HostException;
import faultline.environments.host.ProcessSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host contract, over SSH, against a network-namespace host of this machine (NetnsHosts). */
class SshHostTest extends HostContract {
  private static NetnsHosts hosts;

  @TempDir
  static Path control;

  @BeforeAll
  static void makeHosts() {
    hosts = NetnsHosts.start(1);
  }

  @AfterAll
  static void removeHosts() {
    if (hosts != null) hosts.close();
  }

  /** Who logs in: root here; a user with sudo in {@link SshHostAsSudoerTest}. */
  protected String loginUser(NetnsHosts hosts) {
    return "root";
  }

  @Override
  protected Host host() {
    NetnsHosts.NetnsHost h = hosts.host(0);
    String user = loginUser(hosts);
    // Each login user has a run folder of its own: the hosts' run folder is open to all, as /tmp.
    Path folder = user.equals("root") ? h.runFolder() : h.runFolder().resolve(user);
    return SshHost.connect(new InventoryHost(h.name(), h.address(), h.port(), user, hosts.key(), List.of(), folder),
        control.resolve("known_hosts"));
  }

  @Test
  void aCommandThatTimesOutIsEndedOnTheHost() {
    try (Host host = host()) {
      String seconds = "37." + ProcessHandle.current().pid() % 1000; // a command line no one else runs
      assertTrue(host.run(List.of("sleep", seconds), Optional.of("root"), Duration.ofMillis(500)).timedOut());
      assertTrue(Polling.until(Duration.ofSeconds(10), Duration.ofMillis(100),
          () -> host.run(List.of("pgrep", "-x", "-f", "sleep " + seconds), Duration.ofSeconds(20)).exitCode() == 1),
          "the timed-out sleep still runs on the host");
    }
  }

  @Test
  void aProcessThatCannotStartSaysWhy() {
    try (Host host = host()) {
      Path missing = host.runFolder().resolve("no-such-folder");
      HostException e = assertThrows(HostException.class, () -> host.start(
          ProcessSpec.of(List.of("sleep", "10"), missing, host.runFolder().resolve("sleep.log"))));
      assertTrue(e.getMessage().startsWith("ssh host n1 (") && e.getMessage().contains("no folder " + missing),
          e.getMessage());
    }
  }

  @Test
  void writesReplaceALinkRatherThanFollowIt() {
    try (Host host = host()) {
      Path folder = host.runFolder().resolve("links");
      host.makeFolder(folder, 0755, Optional.empty());
      Path target = folder.resolve("target");
      Path link = folder.resolve("link");
      host.write(target, "untouched\n".getBytes(StandardCharsets.UTF_8), 0644, Optional.empty());
      assertEquals(0, host.run(List.of("ln", "-sfn", target.toString(), link.toString()), Duration.ofSeconds(20)).exitCode());
      host.write(link, "new\n".getBytes(StandardCharsets.UTF_8), 0644, Optional.empty());
      assertEquals("untouched\n", new String(host.read(target), StandardCharsets.UTF_8));
      assertEquals("regular file", host.run(List.of("stat", "-c", "%F", link.toString()), Duration.ofSeconds(20))
          .output().strip());
    }
  }

  @Test
  void runsAsAnotherUserAndFetchesFiles() throws Exception {
    try (Host host = host()) {
      assertEquals("root", host.run(List.of("id", "-un"), Optional.of("root"), Duration.ofSeconds(20)).output().strip());
      assertEquals(loginUser(hosts), host.run(List.of("id", "-un"), Duration.ofSeconds(20)).output().strip());
      String other = hosts.userWithoutSudo();
      assertEquals(other, host.run(List.of("id", "-un"), Optional.of(other), Duration.ofSeconds(20)).output().strip());
      Path file = host.runFolder().resolve("fetched.txt");
      host.write(file, "it's here\n".getBytes(StandardCharsets.UTF_8), 0640, Optional.of(other));
      assertEquals(other + " 640", host.run(List.of("stat", "-c", "%U %a", file.toString()), Duration.ofSeconds(20))
          .output().strip());
      Path target = control.resolve("fetched/copy.txt");
      host.fetch(file, target);
      assertEquals("it's here\n", Files.readString(target));
      assertTrue(Files.readString(control.resolve("known_hosts")).contains(hosts.host(0).address()),
          "the host key was recorded on first use");
    }
  }
}
