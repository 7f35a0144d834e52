package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs at once on one machine, one as root and one as {@code nobody}, each with its
 * own state folder and temporary directory, both killing and restarting their node. Before, each
 * saw itself alone in its own state folder and both put n1 on 127.0.0.11 (the second on another
 * port); during a kill window one run's server could take the other's address. Now each holds a
 * block of loopback addresses of its own, and both come out with the scenario's expected verdict.
 *
 * <p>PostgreSQL, whose commits survive kill -9 (fsync and synchronous_commit on): Redis's
 * {@code appendfsync everysec} can lose a second of acknowledged writes to a kill when the disk
 * is slow, a true finding that would blur this one on a busy machine.
 */
class ConcurrentUsersRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int NOBODY = 65534;
  private static final Pattern BIND = Pattern.compile("(?m)^listen_addresses = '(127\\.[0-9.]+)'$");

  @TempDir Path shared;

  @Test
  void twoUsersRunningKillFaultsAtOnceEachGetAddressesOfTheirOwnAndTheirExpectedVerdicts() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "running as another user needs root");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    String classpath = classpathReadableByAll(shared.resolve("lib"));

    Path rootHome = Files.createDirectory(shared.resolve("root"));
    Path nobodyHome = Files.createDirectory(shared.resolve("nobody"));
    for (String dir : List.of("tmp", "store")) Files.createDirectory(nobodyHome.resolve(dir));
    chownTree(nobodyHome);

    Process asRoot = launch(List.of(), rootHome, classpath, List.of("-Dfaultline.environments.state=" + rootHome.resolve("state")));
    Process asNobody = launch(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"), nobodyHome,
        classpath, List.of());
    try {
      assertThat(asRoot.waitFor(180, TimeUnit.SECONDS)).as("root's run ended").isTrue();
      assertThat(asNobody.waitFor(180, TimeUnit.SECONDS)).as("nobody's run ended").isTrue();
      String rootOutput = new String(asRoot.getInputStream().readAllBytes());
      String nobodyOutput = new String(asNobody.getInputStream().readAllBytes());
      assertThat(asRoot.exitValue()).as(rootOutput).isEqualTo(ExitCode.VALID);
      assertThat(asNobody.exitValue()).as(nobodyOutput).isEqualTo(ExitCode.VALID);

      Path rootRun = rootHome.resolve("store/latest").toRealPath();
      Path nobodyRun = nobodyHome.resolve("store/latest").toRealPath();
      for (Path run : List.of(rootRun, nobodyRun)) {
        JsonNode results = JSON.readTree(run.resolve("results.json").toFile());
        assertThat(results.at("/valid").asBoolean()).as(run + " valid").isTrue();
        assertThat(results.at("/nemesis/leftovers")).as(run + " leftovers").isEmpty();
        assertThat(killsRestarted(run)).as(run + ": kills stopped by a successful restart").isGreaterThanOrEqualTo(2);
      }
      assertThat(bindAddress(nobodyRun)).as("n1's address, one per run").isNotEqualTo(bindAddress(rootRun));
    } finally {
      asRoot.destroyForcibly();
      asNobody.destroyForcibly();
    }
  }

  /** A run of the scenario in a JVM of its own, as {@code prefix} says, its temporary directory in {@code home}. */
  private static Process launch(List<String> prefix, Path home, String classpath, List<String> properties) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")));
    command.addAll(properties);
    command.addAll(List.of("-cp", classpath, Faultline.class.getName(),
        "run", "--scenario", "pg-counter-update", "--nemesis", "kill", "--nemesis-interval", "1.5",
        "--time-limit", "12", "--seed", "19", "--store", home.resolve("store").toString()));
    return new ProcessBuilder(command).redirectErrorStream(true).directory(home.toFile()).start();
  }

  /** How many stop-kill ops completed info: the node came back as the process we started. */
  private static long killsRestarted(Path run) throws IOException {
    try (var lines = Files.lines(run.resolve("history.jsonl"))) {
      return lines.map(l -> {
        try {
          return JSON.readTree(l);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).filter(e -> e.path("f").asText().equals("stop-kill") && e.path("type").asText().equals("info")).count();
    }
  }

  private static String bindAddress(Path run) throws IOException {
    Matcher bind = BIND.matcher(Files.readString(run.resolve("nodes/n1/postgresql.conf")));
    assertThat(bind.find()).isTrue();
    return bind.group(1);
  }

  /** The test classpath, its jars copied where nobody can read them (the local Maven repository is root's own). */
  private static String classpathReadableByAll(Path lib) throws IOException {
    Files.createDirectory(lib);
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty()) continue;
      Path path = Path.of(entry);
      if (Files.isRegularFile(path)) {
        Path copy = lib.resolve(entries.size() + "-" + path.getFileName());
        Files.copy(path, copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        entries.add(copy.toString());
      } else {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static void chownTree(Path root) throws IOException {
    try (var all = Files.walk(root)) {
      for (Path p : all.toList()) {
        Files.setAttribute(p, "unix:uid", NOBODY);
        Files.setAttribute(p, "unix:gid", NOBODY);
      }
    }
  }
}
