package faultline.environments.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import faultline.environments.host.HostProcess;
import faultline.environments.host.ProcessSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a run made is gone after its close; what a dead run left is swept, a live run's never. */
class LeftoversTest {

  @Test
  void afterCloseNothingOfTheRunRemains() throws Exception {
    DockerRun run = DockerRun.start(DockerTesting.imageOrSkip());
    String label = RunOwner.RUN + "=" + run.owner().run();
    DockerHost host = run.host("c1");
    run.host("c2");
    Path folder = host.runFolder().resolve("busy");
    host.makeFolder(folder, 0755, Optional.empty());
    HostProcess busy = host.start(ProcessSpec.of(List.of("sleep", "300"), folder, folder.resolve("log")));
    assertTrue(busy.isRunning());
    assertFalse(docker("ps", "-a", "-q", "--filter", "label=" + label).isEmpty());

    run.close();

    assertEquals("", docker("ps", "-a", "-q", "--filter", "label=" + label));
    assertEquals("", docker("network", "ls", "-q", "--filter", "label=" + label));
    run.close(); // again: nothing to do
  }

  @Test
  void theSweepRemovesWhatADeadRunLeftAndNothingOfALiveRun() throws Exception {
    String image = DockerTesting.imageOrSkip();
    DockerClient client = DockerEngine.client();
    RunOwner dead = deadOwner();
    RunOwner live = RunOwner.ofThisProcess(); // this JVM: alive
    List<String> made = new ArrayList<>();
    try {
      client.createNetworkCmd().withName("faultline-" + dead.run()).withLabels(dead.labels()).exec().getId();
      made.add(client.createContainerCmd(image).withName("faultline-" + dead.run() + "-n1").withLabels(dead.labels())
          .withCmd("sleep", "infinity").exec().getId());
      String liveContainer = client.createContainerCmd(image).withName("faultline-" + live.run() + "-n1").withLabels(live.labels())
          .withCmd("sleep", "infinity").exec().getId();
      made.add(liveContainer);
      Path deadBuild = Files.createTempDirectory(ServerImages.BUILD_PREFIX);
      Files.writeString(deadBuild.resolve("builder"), dead.pid() + " " + dead.processStart() + "\n");
      Files.createDirectories(deadBuild.resolve("root/etc"));

      // (Another run's sweep may take them first: what counts is that they are gone.)
      Leftovers.sweep(client);

      assertEquals("", docker("ps", "-a", "-q", "--filter", "label=" + RunOwner.RUN + "=" + dead.run()));
      assertEquals("", docker("network", "ls", "-q", "--filter", "label=" + RunOwner.RUN + "=" + dead.run()));
      assertFalse(Files.exists(deadBuild), deadBuild + " is left");
      assertFalse(docker("ps", "-a", "-q", "--filter", "label=" + RunOwner.RUN + "=" + live.run()).isEmpty(),
          "a live run's container was removed");
    } finally {
      for (String id : made) {
        try {
          client.removeContainerCmd(id).withForce(true).exec();
        } catch (RuntimeException gone) {
          // swept
        }
      }
    }
  }

  @Test
  void theContainersAndNetworkOfAKilledJvmAreSweptByTheNextRun() throws Exception {
    String image = DockerTesting.imageOrSkip();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), AbandonedRun.class.getName(), image)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String run;
    try {
      var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String line = lines.readLine();
      assertTrue(line != null && line.startsWith("run "), "the abandoned run said " + line);
      run = line.substring(4);
    } finally {
      child.destroyForcibly(); // SIGKILL: no close, no shutdown hook
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    String label = "label=" + RunOwner.RUN + "=" + run;
    assertEquals(2, docker("ps", "-a", "-q", "--filter", label).lines().count(), "the killed run's containers stay until a sweep");

    DockerRun next = DockerRun.start(image); // sweeps first
    next.close();

    assertEquals("", docker("ps", "-a", "-q", "--filter", label));
    assertEquals("", docker("network", "ls", "-q", "--filter", label));
  }

  /** The owner labels of a process that has ended: a run whose JVM died. */
  private static RunOwner deadOwner() throws Exception {
    Process process = new ProcessBuilder("true").start();
    ProcessHandle handle = process.toHandle();
    String start = handle.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("0");
    assertTrue(process.waitFor(20, TimeUnit.SECONDS));
    RunOwner self = RunOwner.ofThisProcess();
    return new RunOwner("dead" + self.run().substring(4), self.user(), self.machine(), handle.pid(), start);
  }

  /** The docker CLI's output, as a user would see it. */
  private static String docker(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("docker"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
