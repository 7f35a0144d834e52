package faultline.environments.docker;

import faultline.environments.host.Execution;
import faultline.environments.host.HostException;
import faultline.environments.host.HostProcess;
import faultline.environments.host.ProcessTreeSignal;
import faultline.environments.host.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A process {@link DockerHost#start} started inside its container, known by its pid in the
 * container's namespace and its start time there (field 22 of /proc/PID/stat): a pid the kernel
 * reused is never taken for it.
 *
 * <p>It leads a session and process group of its own (started through setsid), and a signal goes
 * to the whole group with one kill(2), and then to every descendant in a group of its own: a
 * PostgreSQL backend calls setsid(2) itself, so a postmaster's group alone would freeze while
 * its backends went on serving their connections. The tree is walked before the group is
 * signalled (a killed postmaster's children are re-parented away) and again after (a stopped one
 * forks no more). Signals are sent
 * with an exec of kill(1) inside the container rather than by pausing or killing the container
 * through the engine: a host may run more than one server (Redis and its Sentinel), and a fault
 * names one process, not the node.
 *
 * <p>Its exit code is written by the shell that started it (which waits for it) to a state file
 * in the container; {@link #awaitExit} reads it.
 */
final class DockerProcess implements HostProcess {
  /** Whether $2 (with start time $3) is still the process, before a signal ($1) is sent to it. */
  private static final String CHECK = """
      sig=$1 pid=$2 start=$3
      state() { s=; if line=$(cat /proc/$pid/stat 2>/dev/null); then set -- ${line##*) }; [ "${20}" = "$start" ] && s=$1; fi; }
      state
      [ -z "$s" ] && { [ "$sig" = KILL ] && exit 0; echo "process $pid is gone"; exit 3; }
      """;
  /** After the signal ({@link ProcessTreeSignal}), waits (bounded) until it took effect. */
  private static final String AWAIT_SIGNAL = """
      i=0
      while [ $i -lt 1000 ]; do
        state
        case "$sig" in
          KILL) [ -z "$s" ] || [ "$s" = Z ] || [ "$s" = X ] && exit 0 ;;
          STOP) [ "$s" = T ] || [ "$s" = t ] && exit 0 ;;
          CONT) [ "$s" != T ] && [ "$s" != t ] && exit 0 ;;
        esac
        [ -z "$s" ] && { echo "process $pid ended"; exit 3; }
        i=$((i+1)); sleep 0.01
      done
      echo "process $pid did not take $sig in 10 s (state $s)"; exit 4
      """;
  /** Waits (bounded) for the exit file the starting shell writes: $1 the file, $2 tries of 20 ms. */
  private static final String AWAIT_EXIT = """
      i=0
      while [ ! -e "$1" ] && [ $i -lt "$2" ]; do i=$((i+1)); sleep 0.02; done
      [ -e "$1" ] && cat "$1"
      """;
  private static final Duration CALL_SLACK = Duration.ofSeconds(20);

  private final DockerHost host;
  private final long pid;
  private final String startTime;
  private final String stateFile;
  private final String description;

  DockerProcess(DockerHost host, long pid, String startTime, String stateFile, String description) {
    this.host = host;
    this.pid = pid;
    this.startTime = startTime;
    this.stateFile = stateFile;
    this.description = description;
  }

  @Override
  public long pid() {
    return pid;
  }

  @Override
  public boolean isRunning() {
    if (startTime.isEmpty()) return false; // it ended before its start time could be read
    Execution stat = host.run(List.of("cat", "/proc/" + pid + "/stat"), CALL_SLACK);
    if (!stat.succeeded()) return false;
    Optional<ProcStat> now = ProcStat.parse(stat.output());
    return now.isPresent() && now.get().startTime().equals(startTime) && now.get().isAlive();
  }

  @Override
  public void signal(Signal signal) {
    if (startTime.isEmpty()) {
      if (signal == Signal.KILL) return;
      throw new HostException(host, "cannot send " + signal.killName() + " to " + description + ": it has ended");
    }
    // The process is checked first (a pid the kernel gave to another since is never signalled),
    // then its group and every descendant get the signal, then the kernel is asked until it took effect.
    String script = CHECK + ProcessTreeSignal.command("\"$sig\"", pid, pid) + "\n" + AWAIT_SIGNAL;
    Execution sent = host.run(List.of("sh", "-c", script, "sh", signal.killName(), Long.toString(pid), startTime),
        Duration.ofSeconds(10).plus(CALL_SLACK));
    if (!sent.succeeded()) {
      throw new HostException(host, "sending " + signal.killName() + " to " + description + " (pid " + pid + "): "
          + (sent.timedOut() ? "timed out" : sent.tail(2)));
    }
  }

  @Override
  public OptionalInt awaitExit(Duration timeout) {
    long tries = Math.max(1, timeout.toMillis() / 20);
    Execution read = host.run(List.of("sh", "-c", AWAIT_EXIT, "sh", stateFile + ".exit", Long.toString(tries)),
        timeout.plus(CALL_SLACK));
    if (!read.succeeded()) return OptionalInt.empty();
    try {
      return OptionalInt.of(Integer.parseInt(read.output().strip()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  @Override
  public String description() {
    return description;
  }

  /** The fields of /proc/PID/stat that tell a process apart and whether it still lives. */
  record ProcStat(String state, String startTime) {
    /** Parsed after the command name's closing parenthesis, since the name may hold spaces. */
    static Optional<ProcStat> parse(String line) {
      int close = line.lastIndexOf(')');
      if (close < 0) return Optional.empty();
      String[] fields = line.substring(close + 1).strip().split("\\s+");
      if (fields.length < 20) return Optional.empty();
      return Optional.of(new ProcStat(fields[0], fields[19]));
    }

    boolean isAlive() {
      return !state.equals("Z") && !state.equals("X");
    }
  }
}
