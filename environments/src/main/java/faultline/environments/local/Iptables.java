package faultline.environments.local;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This machine's {@code iptables} command, each call run to its end within a bounded time. Jepsen
 * partitions nodes with it; faultline does too where a Toxiproxy proxy is shared by several peers
 * and only one of them is to be cut (see {@link FilterChains}). Without it (not installed, or not
 * root), those partitions are refused and everything else works as before.
 */
public final class Iptables {
  /** Waiting for the xtables lock (the legacy backend's; nf_tables ignores it) stays within this. */
  private static final String LOCK_WAIT_SECONDS = "5";
  private static final Duration RUN_LIMIT = Duration.ofSeconds(10);
  private static final List<Path> USUAL_PLACES = List.of(Path.of("/usr/sbin/iptables"), Path.of("/sbin/iptables"));

  private final Path command;

  /** The iptables at {@code command}, which may be missing: calls then fail and say so. */
  public Iptables(Path command) {
    this.command = command;
  }

  /** The system's iptables: in /usr/sbin or /sbin (often not on a user's PATH), else on PATH. */
  public static Iptables system() {
    for (Path place : USUAL_PLACES) {
      if (Files.isExecutable(place)) return new Iptables(place);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) continue;
      Path candidate = Path.of(dir, "iptables");
      if (Files.isExecutable(candidate)) return new Iptables(candidate);
    }
    return new Iptables(USUAL_PLACES.get(0));
  }

  /** What one call printed (stdout and stderr together) and its exit code; -1 if it did not run or end. */
  public record Result(int exit, String output) {
    public boolean ok() {
      return exit == 0;
    }

    /** The first line of the output, for one-line messages. */
    public String firstLine() {
      String trimmed = output.strip();
      int newline = trimmed.indexOf('\n');
      return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
  }

  /** Runs {@code iptables -w 5 ARGS...} on the filter table; never longer than {@link #RUN_LIMIT}. */
  public Result run(List<String> args) {
    List<String> line = new ArrayList<>(List.of(command.toString(), "-w", LOCK_WAIT_SECONDS));
    line.addAll(args);
    Process process;
    try {
      process = new ProcessBuilder(line).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      return new Result(-1, "cannot run " + command + ": " + e.getMessage());
    }
    // Read beside the wait, so a chatty iptables cannot block on a full pipe and a hung one
    // cannot block the reader past the limit (killing it closes the pipe).
    FutureTask<String> output = new FutureTask<>(() -> readAll(process.getInputStream()));
    Thread.ofVirtual().name("iptables-output").start(output);
    try {
      if (!process.waitFor(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", line) + " did not finish within " + RUN_LIMIT.toSeconds() + " s");
      }
      return new Result(process.exitValue(), output.get(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted while running " + String.join(" ", line));
    } catch (ExecutionException | TimeoutException e) {
      return new Result(process.exitValue(), "");
    }
  }

  public Result run(String... args) {
    return run(List.of(args));
  }

  /**
   * Why rules cannot be made here, or empty when they can: asks iptables for the OUTPUT chain,
   * which needs the command and the rights to change rules alike.
   */
  public Optional<String> unavailable() {
    if (!Files.isExecutable(command)) return Optional.of("iptables is not installed (" + command + "; scripts/bootstrap installs it)");
    Result probe = run("-S", "OUTPUT");
    if (probe.ok()) return Optional.empty();
    return Optional.of("iptables refused to list rules (" + probe.firstLine() + "; it needs root)");
  }

  @Override
  public String toString() {
    return command.toString();
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
