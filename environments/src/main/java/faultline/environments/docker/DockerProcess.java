package faultline.environments.docker;

import faultline.environments.host.Execution;
import faultline.environments.host.HostException;
import faultline.environments.host.HostProcess;
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
  /** Signal the group, then wait (bounded) until the signal took effect: $1 signal, $2 pid, $3 start time. */
  private static final String SIGNAL = """
      sig=$1 pid=$2 start=$3
      state() { s=; if line=$(cat /proc/$pid/stat 2>/dev/null); then set -- ${line##*) }; [ "${20}" = "$start" ] && s=$1; fi; }
      state
      [ -z "$s" ] && { [ "$sig" = KILL ] && exit 0; echo "process $pid is gone"; exit 3; }
      tree() { for c in $(cat /proc/$1/task/*/children 2>/dev/null); do echo "$c"; tree "$c"; done; }
      before=$(tree "$pid")
      kill -s "$sig" -- "-$pid" 2>/dev/null || kill -s "$sig" "$pid"
      for c in $before $(tree "$pid"); do kill -s "$sig" "$c" 2>/dev/null; done
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
    Execution sent = host.run(List.of("sh", "-c", SIGNAL, "sh", signal.killName(), Long.toString(pid), startTime),
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
