package faultline.environments.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every kind of {@link Host} must do, the same for each: a test class per kind extends this
 * and says how to get a host of its kind. The node code relies on nothing else.
 */
public abstract class HostContract {

  /** A host of the kind under test, for one test; closed by the test. */
  protected abstract Host host();

  @Test
  void runsACommandAndReportsItsExitAndOutput() {
    try (Host host = host()) {
      Execution ok = host.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), Duration.ofSeconds(20));
      assertEquals(3, ok.exitCode());
      assertTrue(ok.output().contains("out") && ok.output().contains("err"), ok.output());
      assertFalse(ok.succeeded());
      Execution slow = host.run(List.of("sleep", "30"), Duration.ofMillis(500));
      assertTrue(slow.timedOut());
    }
  }

  @Test
  void writesAndReadsFilesWithTheirMode() {
    try (Host host = host()) {
      Path folder = host.runFolder().resolve("contract");
      host.makeFolder(folder, 0700, Optional.empty());
      Path file = folder.resolve("secret");
      byte[] content = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
      host.write(file, content, 0600, Optional.empty());
      assertArrayEquals(content, host.read(file));
      assertTrue(host.exists(file));
      assertEquals("600", host.run(List.of("stat", "-c", "%a", file.toString()), Duration.ofSeconds(20)).output().strip());
      host.write(file, "replaced\n".getBytes(StandardCharsets.UTF_8), 0644, Optional.empty());
      assertEquals("replaced\n", new String(host.read(file), StandardCharsets.UTF_8));
      assertFalse(host.exists(folder.resolve("missing")));
      assertThrows(HostException.class, () -> host.read(folder.resolve("missing")));
    }
  }

  @Test
  void startsAProcessAndSignalsIt() {
    try (Host host = host()) {
      Path folder = host.runFolder().resolve("process");
      host.makeFolder(folder, 0755, Optional.empty());
      Path log = folder.resolve("sleeper.log");
      HostProcess process = host.start(ProcessSpec.of(
          List.of("sh", "-c", "echo started $GREETING; exec sleep 120"), folder, log)
          .withEnvironment(Map.of("GREETING", "hello")));
      assertTrue(process.isRunning());
      assertTrue(process.pid() > 0);
      process.signal(Signal.STOP);
      assertTrue(process.isRunning(), "a stopped process still exists");
      process.signal(Signal.CONT);
      process.signal(Signal.KILL);
      assertFalse(process.isRunning());
      String written = new String(host.read(log), StandardCharsets.UTF_8);
      assertTrue(written.contains("started hello"), written);
    }
  }

  @Test
  void aProcessThatExitsGivesItsExitCode() {
    try (Host host = host()) {
      Path folder = host.runFolder().resolve("exit");
      host.makeFolder(folder, 0755, Optional.empty());
      HostProcess process = host.start(ProcessSpec.of(List.of("sh", "-c", "exit 7"), folder, folder.resolve("exit.log")));
      assertEquals(7, process.awaitExit(Duration.ofSeconds(20)).orElse(-1));
      assertFalse(process.isRunning());
    }
  }
}
