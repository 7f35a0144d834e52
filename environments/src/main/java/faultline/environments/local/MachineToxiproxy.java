package faultline.environments.local;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.Endpoint;
import java.nio.file.Path;
import java.time.Duration;

/**
 * This machine's Toxiproxy for an environment whose servers run elsewhere (containers, SSH hosts):
 * the same server a local run starts, listening where both this JVM and the servers reach it, and
 * recorded as a local run's processes are ({@link RunRegistry}), so a run killed outright has it
 * swept by the next start.
 */
public final class MachineToxiproxy implements AutoCloseable {
  private final ToxiproxyServer server;
  private final RunRegistry registry;

  private MachineToxiproxy(ToxiproxyServer server, RunRegistry registry) {
    this.server = server;
    this.registry = registry;
  }

  /** Starts toxiproxy-server with its API and proxies on {@code host}, its log {@code toxiproxy.log} in the run folder. */
  public static MachineToxiproxy start(String host, Path runDirectory, Duration timeout) {
    RunRegistry registry = RunRegistry.create(runDirectory);
    try {
      ToxiproxyServer server = ToxiproxyServer.start(host, runDirectory.resolve("toxiproxy.log"), runDirectory, timeout);
      registry.processStarted("toxiproxy", server.process());
      return new MachineToxiproxy(server, registry);
    } catch (RuntimeException | Error e) {
      registry.delete();
      throw e;
    }
  }

  public Endpoint api() {
    return server.api();
  }

  public ToxiproxyClient client() {
    return server.client();
  }

  /** Stops the server; then nothing of it is left for a sweep. */
  @Override
  public void close() {
    server.stop();
    registry.delete();
  }
}
