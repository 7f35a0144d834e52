package faultline.environments.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Test hosts a dead run left behind are removed by the next run of scripts/netns-hosts. */
class NetnsHostsSweepTest {

  @Test
  void aDeadRunsHostsAreSweptByTheNext() throws Exception {
    // A run of the script's own, made for a process that then dies, as a killed test JVM would.
    try (NetnsHosts living = NetnsHosts.start(1)) {
      Path script = scriptAbove(Path.of(System.getProperty("user.dir")));
      Process owner = new ProcessBuilder("sleep", "60").start();
      String run = ("sw" + Long.toString(ProcessHandle.current().pid() % 46656, 36) + "000").substring(0, 5);
      assertEquals(0, call(script, "up", run, "1", Long.toString(owner.pid())));
      assertTrue(Files.isDirectory(Path.of("/var/tmp/faultline-ssh", run)));
      owner.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

      assertEquals(0, call(script, "sweep"));
      assertFalse(Files.exists(Path.of("/var/tmp/faultline-ssh", run)), "the dead run's folder is gone");
      Process list = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
      String namespaces = new String(list.getInputStream().readAllBytes());
      assertFalse(namespaces.contains("flssh-" + run + "-"), "the dead run's namespace is gone: " + namespaces);
      assertTrue(Files.isDirectory(living.runFolder()), "a living run is left alone");
      assertEquals(1, living.processesOn(living.host(0)), "and its sshd still runs");
    }
  }

  private static Path scriptAbove(Path here) {
    for (Path p = here.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("scripts/netns-hosts"))) return p.resolve("scripts/netns-hosts");
    }
    throw new IllegalStateException("scripts/netns-hosts not found");
  }

  private static int call(Path script, String... arguments) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(arguments));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
