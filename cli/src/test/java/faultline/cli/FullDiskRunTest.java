package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.local.RunRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a full disk: a 2 MB tmpfs fills within seconds of unlimited load. The run stops its
 * load at the first failed history write, heals, tears the environment down and says why (69).
 */
class FullDiskRunTest {
  @TempDir Path parent;
  private Path store;
  private boolean mounted;

  @BeforeEach
  void mountATinyDisk() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
    store = Files.createDirectory(parent.resolve("tiny"));
    mounted = command("mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", store.toString()) == 0;
    Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) assertThat(command("umount", store.toString())).isZero();
  }

  @Test
  void aFullDiskStopsTheLoadAtOnceAndExits69NamingTheHistory() throws Exception {
    long start = System.nanoTime();
    CheckCommandTest.Run run = CheckCommandTest.run("run", "--scenario", "redis-counter-incr", "--time-limit", "40", "--rate", "0",
        "--store", store.toString());
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(run.code()).as(run.err()).isEqualTo(ExitCode.UNAVAILABLE);
    Path folder = store.resolve("latest").toRealPath();
    Path history = folder.resolve("history.jsonl");
    List<String> said = run.err().lines().filter(l -> l.contains("no space left on device")).toList();
    assertThat(said).singleElement().asString().contains(history.toString());
    assertThat(run.err()).doesNotContain("internal error", "Exception");
    assertThat(seconds).as("the load stopped long before its 40 s").isLessThan(25);
    // The history ends at a whole line, and the environment is gone.
    String text = Files.readString(history);
    assertThat(text).isNotEmpty().endsWith("\n");
    // This JVM's environments only (a state file is named by its owner's pid): other runs on the machine may be live.
    String ours = ProcessHandle.current().pid() + "-";
    assertThat(RunRegistry.live().stream().filter(state -> state.getFileName().toString().startsWith(ours))).isEmpty();
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(folder.toString())).orElse(false)))
        .as("processes of the run").isEmpty();
  }

  private static int command(String... words) throws Exception {
    Process p = new ProcessBuilder(words).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
