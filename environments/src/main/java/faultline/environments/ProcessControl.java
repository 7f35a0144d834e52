package faultline.environments;

/**
 * An environment whose nodes' processes a nemesis may kill, restart, pause and resume, as
 * Jepsen's optional {@code Kill} and {@code Pause} protocols beside {@code DB}. Environments that
 * do not run the processes themselves (existing endpoints, managed services) do not offer it.
 */
public interface ProcessControl {

  /** Kills {@code node}'s process with SIGKILL and waits for it to be gone. Does nothing if it is down. */
  void kill(Node node);

  /** Starts {@code node}'s process again, on the same data, and waits until it answers. */
  void start(Node node);

  /** Freezes the process (SIGSTOP): its sockets stay open and it answers nothing. */
  void pause(Node node);

  /** Lets a paused process run on (SIGCONT). */
  void resume(Node node);
}
