package faultline.environments.local;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.Endpoint;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Toxiproxy on this machine for an environment whose servers run elsewhere (the ssh kind): started
 * as a local environment starts its own, on the proxy address of a loopback block of the run's own,
 * its process recorded for the sweep of a killed run. Its proxies listen here and forward to the
 * servers' hosts.
 */
public final class ControlToxiproxy implements AutoCloseable {
  private final AddressBlock block;
  private final RunRegistry registry;
  private final ToxiproxyServer server;

  private ControlToxiproxy(AddressBlock block, RunRegistry registry, ToxiproxyServer server) {
    this.block = block;
    this.registry = registry;
    this.server = server;
  }

  /** Sweeps what killed runs left, then starts it, its log {@code toxiproxy.log} in {@code runDirectory}. */
  public static ControlToxiproxy start(Path runDirectory, Duration timeout) {
    RunRegistry.sweep();
    AddressBlock block = AddressBlock.take();
    RunRegistry registry = null;
    try {
      registry = RunRegistry.create(runDirectory);
      ToxiproxyServer server = ToxiproxyServer.start(block.proxyHost(), runDirectory.resolve("toxiproxy.log"), runDirectory, timeout);
      registry.processStarted("toxiproxy", server.process());
      return new ControlToxiproxy(block, registry, server);
    } catch (RuntimeException | Error e) {
      if (registry != null) registry.delete();
      block.close();
      throw e;
    }
  }

  public Endpoint api() {
    return server.api();
  }

  public ToxiproxyClient client() {
    return server.client();
  }

  /** Stops it and releases its addresses. */
  @Override
  public void close() {
    try {
      server.stop();
      registry.delete();
    } finally {
      block.close();
    }
  }
}
