package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sweep run by every {@code run}, {@code env up} and {@code env down} (as root, often) reads
 * state files. Another local user (here {@code nobody}, through setpriv) plants some naming a
 * process it does not own and a folder of ours: the sweep must kill and delete nothing of theirs.
 */
class ForeignStateTest {
  private final List<Process> sleepers = new ArrayList<>();
  private final List<Path> made = new ArrayList<>();
  private String configured;

  @BeforeEach
  void asRootWithSetpriv() {
    Assumptions.assumeTrue(PostgresUser.weAreRoot(), "needs root, to act as user nobody");
    Assumptions.assumeTrue(Binaries.onPath("setpriv").isPresent(), "needs setpriv");
    configured = System.getProperty(RunRegistry.DIRECTORY_PROPERTY);
  }

  @AfterEach
  void cleanUp() {
    if (configured == null) System.clearProperty(RunRegistry.DIRECTORY_PROPERTY);
    else System.setProperty(RunRegistry.DIRECTORY_PROPERTY, configured);
    sleepers.forEach(Process::destroyForcibly);
    made.forEach(Directories::deleteRecursively);
  }

  @Test
  void aStateFolderAnotherUserMadeIsRefusedAndNothingItNamesIsTouched() throws Exception {
    Path base = temporary("squatted");
    Path state = base.resolve("state");
    asNobody("mkdir", "-m", "0777", state.toString());
    Process victim = sleeper();
    Path folder = foreignFolder();
    asNobody("sh", "-c", "printf '%s' \"$0\" > " + state.resolve("planted.state"), plantedText(victim, folder));
    System.setProperty(RunRegistry.DIRECTORY_PROPERTY, state.toString());

    assertThatThrownBy(RunRegistry::sweep).isInstanceOf(EnvironmentUnavailableException.class)
        .hasMessageContaining(state.toString()).hasMessageContaining("owned by uid 65534").hasMessageNotContaining("\n");
    assertThatThrownBy(RunRegistry::live).isInstanceOf(EnvironmentUnavailableException.class);
    assertThat(victim.isAlive()).isTrue();
    assertThat(folder.resolve("precious.txt")).exists();
  }

  @Test
  void aStateFolderOthersMayWriteIsRefused() throws Exception {
    Path state = Files.createDirectory(temporary("open").resolve("state"));
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwxrwx"));
    System.setProperty(RunRegistry.DIRECTORY_PROPERTY, state.toString());
    assertThatThrownBy(RunRegistry::sweep).isInstanceOf(EnvironmentUnavailableException.class)
        .hasMessageContaining(state.toString()).hasMessageContaining("writable by other users");
  }

  @Test
  void aStateFileAnotherUserWroteIsIgnored() throws Exception {
    Path state = privateStateFolder();
    Path drop = temporary("drop");
    Process victim = sleeper();
    Path folder = foreignFolder();
    Path planted = drop.resolve("planted.state");
    asNobody("sh", "-c", "printf '%s' \"$0\" > " + planted, plantedText(victim, folder));
    // As if the folder had once been open to it (a rename keeps the file's owner, nobody).
    Files.move(planted, state.resolve("planted.state"), StandardCopyOption.ATOMIC_MOVE);

    List<String> lines = RunRegistry.sweep();

    assertThat(lines).anySatisfy(l -> assertThat(l).contains("ignored", "planted.state", "uid 65534"));
    assertThat(victim.isAlive()).isTrue();
    assertThat(folder.resolve("precious.txt")).exists();
  }

  @Test
  void aStateFileOthersMayWriteIsIgnored() throws Exception {
    Path state = privateStateFolder();
    Process victim = sleeper();
    Path folder = foreignFolder();
    Path file = Files.writeString(state.resolve("open.state"), plantedText(victim, folder));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    assertThat(RunRegistry.sweep()).anySatisfy(l -> assertThat(l).contains("ignored", "open.state", "writable by other users"));
    assertThat(victim.isAlive()).isTrue();
    assertThat(folder.resolve("precious.txt")).exists();
  }

  /**
   * Even in a file of ours, a process is killed only when its pid, start time and executable are
   * those recorded, and a folder deleted only inside a run folder carrying that run's marker.
   */
  @Test
  void onlyTheProcessAndFoldersThatFaultlineRecordedAreRemoved() throws Exception {
    Path state = privateStateFolder();
    Process victim = sleeper();
    long pid = victim.pid();
    String ticks = RunRegistry.startTicks(pid).orElseThrow();
    Path foreign = foreignFolder();
    Path run = temporary("run");
    Path unmarkedRun = temporary("unmarked");
    Files.createDirectories(unmarkedRun.resolve("n1/data"));
    Path outsideViaLink = Files.createSymbolicLink(run.resolve("link"), foreign);
    Files.writeString(run.resolve(RunRegistry.RUN_MARK), "token-1\n");
    Path data = Files.createDirectories(run.resolve("n1/data"));
    String sleep = Path.of("/proc", Long.toString(pid), "exe").toRealPath().toString();
    String deadOwner = "owner 999999999 1 /usr/bin/java\n";
    write(state, "wrong-start.state", deadOwner + "token token-1\nrun " + run + "\nprocess " + pid + " " + (Long.parseLong(ticks) + 1) + " n1 " + sleep
        + "\ndata " + foreign + "\ndata " + outsideViaLink.resolve(".") + "\ndata " + run + "/../" + foreign.getFileName() + "\n");
    write(state, "wrong-exe.state", deadOwner + "token token-1\nrun " + run + "\nprocess " + pid + " " + ticks + " n1 /usr/bin/redis-server\n");
    write(state, "wrong-token.state", deadOwner + "token token-2\nrun " + run + "\ndata " + data + "\n");
    write(state, "unmarked.state", deadOwner + "token token-1\nrun " + unmarkedRun + "\ndata " + unmarkedRun.resolve("n1/data") + "\n");

    RunRegistry.sweep();

    assertThat(victim.isAlive()).as("a pid whose start time or executable differ").isTrue();
    assertThat(foreign.resolve("precious.txt")).exists();
    assertThat(data).as("a run marker of another run").exists();
    assertThat(unmarkedRun.resolve("n1/data")).as("a run folder without faultline's marker").exists();

    // What faultline recorded: the same pid, start time and executable, data inside its marked run folder.
    write(state, "ours.state", deadOwner + "token token-1\nrun " + run + "\nprocess " + pid + " " + ticks + " n1 " + sleep + "\ndata " + data + "\n");
    assertThat(RunRegistry.sweep()).anySatisfy(l -> assertThat(l).contains("killed 1"));
    assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(data).doesNotExist();
    assertThat(foreign.resolve("precious.txt")).exists();
  }

  private void write(Path state, String name, String text) throws IOException {
    Path file = Files.writeString(state.resolve(name), text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  private Path privateStateFolder() throws IOException {
    Path state = temporary("private").resolve("state");
    System.setProperty(RunRegistry.DIRECTORY_PROPERTY, state.toString());
    assertThat(RunRegistry.privateDirectory()).isEqualTo(state); // made 0700, as a run makes it
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    return state;
  }

  /** A state file as faultline writes it, with a dead owner, naming {@code victim} and {@code folder}. */
  private static String plantedText(Process victim, Path folder) {
    String ticks = RunRegistry.startTicks(victim.pid()).orElseThrow();
    return "owner 999999999 1 /usr/bin/java\ntoken t\nrun " + folder.getParent() + "\nprocess " + victim.pid() + " " + ticks
        + " n1 /usr/bin/sleep\nprocess " + victim.pid() + " " + RunRegistry.identity(victim.toHandle()).split(" ")[1] + " n2\ndata " + folder + "\n";
  }

  /**
   * A process of user nobody, which no sweep of ours may kill. Returned once setpriv has exec'd
   * sleep: before that, /proc shows setpriv as its executable, and a test that records it then
   * records the wrong program (a race that a slower machine loses).
   */
  private Process sleeper() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "sleep", "300").start();
    sleepers.add(p);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!RunRegistry.executable(p.pid()).map(e -> e.endsWith("/sleep")).orElse(false)) {
      assertThat(System.nanoTime()).as("setpriv did not exec sleep within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
    return p;
  }

  /** A folder with a file in it, which no sweep of ours may delete. */
  private Path foreignFolder() throws IOException {
    Path folder = temporary("foreign");
    Files.writeString(folder.resolve("precious.txt"), "keep me");
    return folder;
  }

  private Path temporary(String name) throws IOException {
    Path dir = Files.createTempDirectory("faultline-foreign-" + name + "-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // nobody may write in it
    made.add(dir);
    return dir;
  }

  private static void asNobody(String... command) throws Exception {
    List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
    full.addAll(List.of(command));
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as("%s: %s", full, output).isZero();
  }
}
