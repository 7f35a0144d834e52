package faultline.environments.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who made a Docker object (container, network): the labels every object faultline makes
 * carries, so that it removes only its own and can tell a dead run's leftovers from a live run's.
 * The machine is shared: other runs of faultline, and other users' containers, live beside ours.
 *
 * <p>A run is alive while its JVM is: the labels name the machine, the JVM's pid and that
 * process's start instant (a reused pid is another process), and the user.
 */
public record RunOwner(String run, String user, String machine, long pid, String processStart) {
  /** Every object of faultline's, of any run: the filter of {@link Leftovers}. */
  public static final String RUN = "dev.faultline.run";
  public static final String USER = "dev.faultline.owner";
  public static final String MACHINE = "dev.faultline.machine";
  public static final String PID = "dev.faultline.pid";
  public static final String PROCESS_START = "dev.faultline.process-start";

  /** A new run of this JVM: a fresh run id, this machine, this process. */
  public static RunOwner ofThisProcess() {
    ProcessHandle self = ProcessHandle.current();
    return new RunOwner(UUID.randomUUID().toString().substring(0, 8), currentUser(), thisMachine(), self.pid(),
        startOf(self).orElse(""));
  }

  /** The labels of an object this run makes. */
  public Map<String, String> labels() {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(RUN, run);
    labels.put(USER, user);
    labels.put(MACHINE, machine);
    labels.put(PID, Long.toString(pid));
    labels.put(PROCESS_START, processStart);
    return labels;
  }

  /** The owner an object's labels name, or empty when they are not faultline's complete labels. */
  public static Optional<RunOwner> of(Map<String, String> labels) {
    if (labels == null) return Optional.empty();
    String run = labels.get(RUN);
    String user = labels.get(USER);
    String machine = labels.get(MACHINE);
    String pid = labels.get(PID);
    String start = labels.get(PROCESS_START);
    if (run == null || user == null || machine == null || pid == null || start == null) return Optional.empty();
    try {
      return Optional.of(new RunOwner(run, user, machine, Long.parseLong(pid), start));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether this owner is a run of this user, on this machine, whose process is gone: only then
   * may another run remove what it made. An owner on another machine (an engine several machines
   * share) is never judged from here.
   */
  public boolean isDeadRunOfOurs() {
    if (!user.equals(currentUser()) || !machine.equals(thisMachine())) return false;
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    if (process.isEmpty() || !process.get().isAlive()) return true;
    return !startOf(process.get()).orElse("").equals(processStart);
  }

  /** This user's uid (faultline's state is per user, as in the local environment). */
  static String currentUser() {
    try {
      return Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return System.getProperty("user.name", "unknown");
    }
  }

  /** This machine: its machine id, or its host name where there is none. */
  static String thisMachine() {
    for (Path file : new Path[] {Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id")}) {
      try {
        String id = Files.readString(file).strip();
        if (!id.isEmpty()) return id;
      } catch (IOException e) {
        // the next place, then the host name
      }
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static Optional<String> startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli).map(Object::toString);
  }
}
