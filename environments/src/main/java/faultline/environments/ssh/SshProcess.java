package faultline.environments.ssh;

import faultline.environments.Polling;
import faultline.environments.host.Execution;
import faultline.environments.host.HostException;
import faultline.environments.host.HostProcess;
import faultline.environments.host.ProcessSpec;
import faultline.environments.host.ProcessTreeSignal;
import faultline.environments.host.Signal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A process an {@link SshHost} started in the background. It runs under a small sh of its own (the
 * keeper), in a new session, so that it outlives the SSH command that started it; the keeper waits
 * for it and writes its exit code to a file, since no one on the host is its parent to ask. The
 * keeper leads the process group the process is in; signals go to that group and to every
 * descendant of the process ({@link ProcessTreeSignal}), since PostgreSQL's backends leave it. Its pid and its start time on the host name it, so a reused pid is never taken for it.
 *
 * <p>The keeper's folder (the pid and the exit code) sits beside the log, named
 * .faultline-process.XXXXXX: the log's folder is one the process's user can write.
 */
final class SshProcess implements HostProcess {
  private static final Duration KILL_WAIT = Duration.ofSeconds(10);
  private static final Duration FREEZE_WAIT = Duration.ofSeconds(2);
  private static final Duration STATUS_INTERVAL = Duration.ofMillis(100);
  /** A process killed with its keeper has no exit code of its own: a shell's for SIGKILL. */
  private static final int KILLED = 128 + 9;

  private final SshHost host;
  private final Optional<String> user;
  private final long pid;
  private final String startTime;
  private final long keeper;
  private final String folder;
  private final String description;

  private SshProcess(SshHost host, Optional<String> user, long pid, String startTime, long keeper, String folder,
                     String description) {
    this.host = host;
    this.user = user;
    this.pid = pid;
    this.startTime = startTime;
    this.keeper = keeper;
    this.folder = folder;
    this.description = description;
  }

  static SshProcess start(SshHost host, ProcessSpec spec) {
    // The keeper gets the working folder, the log and its own folder as arguments ($1..$3), then
    // the environment's NAME=VALUE words and the command for env(1): no quoting inside quoting.
    String keeperScript = "cd -- \"$1\" || exit 126; log=$2; d=$3; shift 3;"
        + " env \"$@\" </dev/null >>\"$log\" 2>&1 & echo $! > \"$d/pid\"; wait $!; echo $? > \"$d/exit\"";
    List<String> keeperWords = new ArrayList<>(List.of("setsid", "sh", "-c", keeperScript, "keeper",
        spec.workingFolder().toString(), spec.log().toString()));
    String log = Shell.quote(spec.log().toString());
    List<String> tail = new ArrayList<>(SshHost.environmentWords(spec.environment()));
    tail.addAll(spec.command());
    String working = Shell.quote(spec.workingFolder().toString());
    // A process of another user (PostgreSQL's) may not write in a folder of the login user's: its
    // log and the keeper's folder are made for it first, as root, as LocalHost opens the log for it.
    String folderOfKeeper = "d=$(mktemp -d \"$(dirname -- " + log + ")/.faultline-process.XXXXXX\") || exit 1; ";
    if (spec.user().isPresent()) {
      String owner = Shell.quote(spec.user().get());
      ByteArrayOutputStream made = new ByteArrayOutputStream();
      Execution prepared = host.exec(host.script(Optional.of("root"), ": >> " + log + " && chown " + owner + " -- " + log
          + " && d=$(mktemp -d \"$(dirname -- " + log + ")/.faultline-process.XXXXXX\") && chown " + owner + " -- \"$d\" && echo \"$d\""),
          null, made, SshHost.STEP_TIMEOUT);
      List<String> madeLines = made.toString(StandardCharsets.UTF_8).strip().lines().toList();
      if (!prepared.succeeded() || madeLines.isEmpty()) {
        throw new HostException(host, "cannot prepare the log of " + spec.command().get(0) + ": " + SshHost.oneLine(prepared));
      }
      folderOfKeeper = "d=" + Shell.quote(madeLines.get(madeLines.size() - 1).strip()) + "; ";
    }
    // What would make the keeper fail unseen is asked first, so the message says what is wrong.
    String launcher = "[ -d " + working + " ] || { echo 'no folder '" + working + " >&2; exit 1; }; "
        + ": >> " + log + " || exit 1; "
        + folderOfKeeper
        + Shell.join(keeperWords) + " \"$d\" " + Shell.join(tail) + " </dev/null >/dev/null 2>&1 & k=$!; "
        + "i=0; while [ ! -s \"$d/pid\" ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done; "
        + "[ -s \"$d/pid\" ] || { echo 'the process did not start within 5 s' >&2; exit 1; }; "
        + "p=$(cat \"$d/pid\"); s=$(sed 's/.*) //' /proc/$p/stat 2>/dev/null | awk '{print $20}'); "
        + "echo \"$p ${s:--} $k $d\"";
    // Its answer on stdout alone: a login may say things on stderr (a banner, a missing home).
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Execution started = host.exec(host.script(spec.user(), launcher), null, out, SshHost.STEP_TIMEOUT);
    List<String> lines = out.toString(StandardCharsets.UTF_8).strip().lines().toList();
    String[] words = lines.isEmpty() ? new String[0] : lines.get(lines.size() - 1).strip().split("\\s+");
    if (!started.succeeded() || words.length != 4) {
      throw new HostException(host, "cannot start " + spec.command().get(0) + ": " + SshHost.oneLine(started));
    }
    return new SshProcess(host, spec.user(), Long.parseLong(words[0]), words[1], Long.parseLong(words[2]), words[3],
        String.join(" ", spec.command()));
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public boolean isRunning() {
    return status().startsWith("running");
  }

  @Override
  public void signal(Signal signal) {
    String done = switch (signal) {
      case KILL -> "[ \"$st\" = Z ] || [ \"$st\" = X ]";
      case STOP -> "[ \"$st\" = T ] || [ \"$st\" = t ] || [ \"$st\" = Z ]";
      case CONT -> "[ \"$st\" != T ] && [ \"$st\" != t ]";
    };
    Duration wait = signal == Signal.KILL ? KILL_WAIT : FREEZE_WAIT;
    int tries = (int) (wait.toMillis() / 20);
    // kill(1) returns once the signal is sent, a moment before it takes effect; the loop on the
    // host waits for the kernel to say it did (gone, stopped, running again), as LocalNode does.
    // Sent only while the pid is still this process (a pid the kernel gave to another is left
    // alone), to the keeper's group and to every descendant: PostgreSQL's backends leave the group.
    String body = stateOf() + " if [ -n \"$s\" ] && [ \"${s#* }\" = " + Shell.quote(startTime) + " ]; then "
        + ProcessTreeSignal.command(signal.killName(), pid, keeper) + "fi; i=0; while [ $i -lt " + tries + " ]; do " + stateOf() + " [ -n \"$s\" ] && [ \"${s#* }\" = "
        + Shell.quote(startTime) + " ] || exit 0; st=${s%% *}; " + done + " && exit 0; sleep 0.02; i=$((i+1)); done; exit 3";
    Execution sent = host.execute(host.script(user, body), null, wait.plus(SshHost.STEP_TIMEOUT));
    if (!sent.succeeded()) {
      throw new HostException(host, "signal " + signal.killName() + " to " + description + " (pid " + pid + ") "
          + (sent.exitCode() == 3 ? "did not take effect within " + wait.toSeconds() + " s" : "failed: " + SshHost.oneLine(sent)));
    }
  }

  @Override
  public OptionalInt awaitExit(Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    OptionalInt[] exit = {OptionalInt.empty()};
    Polling.until(timeout, STATUS_INTERVAL, () -> {
      String status = status();
      if (status.startsWith("exit ")) {
        exit[0] = OptionalInt.of(Integer.parseInt(status.substring(5).strip()));
      } else if (status.equals("gone")) {
        exit[0] = OptionalInt.of(KILLED);
      }
      return exit[0].isPresent() || System.nanoTime() > end;
    });
    return exit[0];
  }

  @Override
  public String description() {
    return description;
  }

  /**
   * One of "exit N" (the keeper wrote its code), "running S" (alive, in state S), "ending" (gone,
   * its keeper still writing the code), "gone" (killed with its keeper).
   */
  private String status() {
    String d = Shell.quote(folder);
    String body = stateOf() + " if [ -s " + d + "/exit ]; then echo \"exit $(cat " + d + "/exit)\";"
        + " elif [ -n \"$s\" ] && [ \"${s#* }\" = " + Shell.quote(startTime) + " ] && [ \"${s%% *}\" != Z ]"
        + " && [ \"${s%% *}\" != X ]; then echo \"running ${s%% *}\";"
        + " elif k=$(sed 's/.*) //' /proc/" + keeper + "/stat 2>/dev/null | cut -d' ' -f1) && [ -n \"$k\" ]"
        + " && [ \"$k\" != Z ]; then echo ending; else echo gone; fi";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Execution e = host.exec(host.script(user, body), null, out, SshHost.STEP_TIMEOUT);
    if (!e.succeeded()) throw new HostException(host, "cannot tell whether " + description + " runs: " + SshHost.oneLine(e));
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  /** Sets $s to "STATE STARTTIME" of the process from /proc, empty when it is gone. */
  private String stateOf() {
    return "s=$(sed 's/.*) //' /proc/" + pid + "/stat 2>/dev/null | awk '{print $1, $20}');";
  }

  @Override
  public String toString() {
    return description + " (pid " + pid + " on " + host.name() + ")";
  }
}
