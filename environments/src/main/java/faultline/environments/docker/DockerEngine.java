package faultline.environments.docker;

import com.github.dockerjava.api.DockerClient;
import faultline.environments.EnvironmentUnavailableException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;

/**
 * The Docker engine faultline talks to, found as Testcontainers finds one (DOCKER_HOST, the
 * docker context, the default socket), through docker-java's client.
 *
 * <p>Only Testcontainers' discovery and client are used, not its containers: its {@code
 * DockerClientFactory.client()} would start the Ryuk reaper and run start-up checks, both of which
 * pull images, and no registry may be reachable. faultline removes what it made itself (a run's
 * {@code close}, and {@link Leftovers} for runs whose JVM died), so nothing here needs Ryuk.
 */
public final class DockerEngine {
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(10);

  private static DockerClient client;
  private static String unavailable;

  private DockerEngine() {}

  /** The engine's client, connected once per JVM; one line saying why when no engine answers (exit 69). */
  public static synchronized DockerClient client() {
    if (client != null) return client;
    if (unavailable != null) throw new EnvironmentUnavailableException(unavailable);
    try {
      var transport = DockerClientFactory.instance().getTransportConfig();
      DockerClient connected = DockerClientProviderStrategy.getClientForConfig(transport);
      within(PING_TIMEOUT, "ping the Docker engine", () -> connected.pingCmd().exec());
      client = connected;
      return client;
    } catch (RuntimeException | Error e) {
      unavailable = "no Docker engine answers (" + oneLine(e) + "); start one with scripts/start-docker (as root)";
      throw new EnvironmentUnavailableException(unavailable, "", e);
    }
  }

  /** Why no engine can be had, or empty when one answers: for tests that skip without one. */
  public static Optional<String> unavailableReason() {
    try {
      client();
      return Optional.empty();
    } catch (EnvironmentUnavailableException e) {
      return Optional.of(e.getMessage());
    }
  }

  /**
   * Runs one call to the engine, bounded: docker-java's calls have no time limit of their own, and
   * every wait of faultline ends. A call still running after {@code timeout} is interrupted and
   * reported as {@link TimeoutException} wrapped in an unchecked {@link EngineTimeout}.
   */
  static <T> T within(Duration timeout, String what, Callable<T> call) {
    FutureTask<T> task = new FutureTask<>(call);
    Thread thread = Thread.ofVirtual().name("faultline-docker-call").start(task);
    try {
      return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      thread.interrupt();
      throw new EngineTimeout(what + ": no answer from the Docker engine within " + timeout.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      throw new EngineTimeout(what + ": interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) throw runtime;
      if (e.getCause() instanceof Error error) throw error;
      throw new IllegalStateException(what + ": " + oneLine(e.getCause()), e.getCause());
    }
  }

  /** A bounded call to the engine that did not end in time. */
  static final class EngineTimeout extends RuntimeException {
    EngineTimeout(String message) {
      super(message);
    }
  }

  /** The first line of a failure's message, or its class when it has none: for one-line messages. */
  static String oneLine(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.strip().lines().findFirst().orElse("");
  }
}
