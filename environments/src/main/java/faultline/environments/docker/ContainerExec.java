package faultline.environments.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import faultline.environments.host.Execution;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command inside a container to its end through the engine's exec, bounded in time.
 *
 * <p>The engine cannot kill an exec that runs too long, so the command is started by a shell that
 * first prints its own pid (then execs the command in its place): on timeout that pid's process
 * tree is killed with a second exec, and the first line is taken off the output.
 */
final class ContainerExec {
  /** Prints a process's descendants, itself first: the tree a timeout or a signal reaches. */
  static final String TREE = "tree() { echo \"$1\"; for c in $(ps -o pid= --ppid \"$1\"); do tree \"$c\"; done; }; ";

  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final DockerClient client;
  private final String containerId;

  ContainerExec(DockerClient client, String containerId) {
    this.client = client;
    this.containerId = containerId;
  }

  /** Runs {@code command} (no shell) as {@code user} (root when empty); a command past {@code timeout} is killed. */
  Execution run(List<String> command, Optional<String> user, Duration timeout) {
    List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "echo $$; exec \"$@\"", "sh"));
    wrapped.addAll(command);
    ExecCreateCmd create = client.execCreateCmd(containerId).withCmd(wrapped.toArray(String[]::new))
        .withAttachStdout(true).withAttachStderr(true);
    user.ifPresent(create::withUser);
    String execId = DockerEngine.within(CALL_TIMEOUT, "create an exec", () -> create.exec().getId());
    Output output = DockerEngine.within(CALL_TIMEOUT, "start an exec", () -> client.execStartCmd(execId).exec(new Output()));
    boolean ended;
    try {
      ended = output.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ended = false;
    }
    if (!ended) {
      output.pid().ifPresent(this::killTree);
      try {
        output.awaitCompletion(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(output);
      return new Execution(-1, output.text(), true);
    }
    return new Execution(exitCode(execId), output.text(), false);
  }

  /** The exec's exit code; the engine may record it a moment after the stream ends. */
  private int exitCode(String execId) {
    long end = System.nanoTime() + KILL_TIMEOUT.toNanos();
    while (true) {
      InspectExecResponse inspected = DockerEngine.within(CALL_TIMEOUT, "inspect an exec", () -> client.inspectExecCmd(execId).exec());
      if (!Boolean.TRUE.equals(inspected.isRunning()) && inspected.getExitCodeLong() != null) {
        return inspected.getExitCodeLong().intValue();
      }
      if (System.nanoTime() - end >= 0) return -1;
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
  }

  private void killTree(long pid) {
    run(List.of("sh", "-c", TREE + "kill -s KILL $(tree \"$1\") 2>/dev/null; true", "sh", Long.toString(pid)),
        Optional.empty(), KILL_TIMEOUT);
  }

  private static void closeQuietly(Output output) {
    try {
      output.close();
    } catch (java.io.IOException | RuntimeException e) {
      // the exec's stream is already gone
    }
  }

  /** The exec's output, stdout and stderr apart, the wrapper's pid line taken off stdout. */
  private static final class Output extends ResultCallback.Adapter<Frame> {
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private volatile long pid = -1;

    @Override
    public synchronized void onNext(Frame frame) {
      byte[] payload = frame.getPayload();
      if (payload == null) return;
      if (frame.getStreamType() == StreamType.STDERR) {
        stderr.writeBytes(payload);
      } else {
        stdout.writeBytes(payload);
        if (pid < 0) takePidLine();
      }
    }

    private void takePidLine() {
      byte[] all = stdout.toByteArray();
      for (int i = 0; i < all.length; i++) {
        if (all[i] != '\n') continue;
        try {
          pid = Long.parseLong(new String(all, 0, i, StandardCharsets.UTF_8).strip());
        } catch (NumberFormatException e) {
          pid = 0; // not ours to parse: keep the output whole
          return;
        }
        stdout.reset();
        stdout.write(all, i + 1, all.length - i - 1);
        return;
      }
    }

    Optional<Long> pid() {
      return pid > 0 ? Optional.of(pid) : Optional.empty();
    }

    synchronized String text() {
      return stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
    }
  }
}
