package faultline.environments.host;

/**
 * How a host that is reached by commands (a container, an SSH host) sends a signal to a process
 * and everything below it, as one shell snippet: to its process group, then to every descendant,
 * walked from {@code /proc/PID/task/*}{@code /children} before the signal (a killed postmaster's
 * children are re-parented away) and after it (a stopped one forks no more). The group alone is not
 * enough: PostgreSQL's backends call setsid, so a postmaster's group holds none of them, and a
 * "paused" PostgreSQL would go on serving its connections (seen on docker: 759 ops ok while paused).
 * This machine's {@code ManagedProcess} walks the same tree through the JDK.
 */
public final class ProcessTreeSignal {
  private ProcessTreeSignal() {}

  /**
   * The snippet: sends {@code signal} (a kill(1) name) to process group {@code group} (or, when
   * there is none, to {@code pid} alone), then to each descendant of {@code pid}. Ends without
   * waiting; the caller waits for the signal to take effect.
   */
  public static String command(String signal, long pid, long group) {
    return "tree() { for c in $(cat /proc/$1/task/*/children 2>/dev/null); do echo \"$c\"; tree \"$c\"; done; }; "
        + "before=$(tree " + pid + "); "
        + "kill -s " + signal + " -- -" + group + " 2>/dev/null || kill -s " + signal + " " + pid + " 2>/dev/null; "
        + "for c in $before $(tree " + pid + "); do kill -s " + signal + " \"$c\" 2>/dev/null; done; ";
  }
}
