package faultline.environments.local;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.Endpoint;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Toxiproxy on this machine for an environment whose servers run elsewhere (the ssh kind): started
 * as a local environment starts its own, on the proxy address of a loopback block of the run's own,
 * its process recorded for the sweep of a killed run. Its proxies listen here and forward to the
 * servers' hosts. A docker run's listens on its network's gateway instead ({@link #startOn}), where
 * the containers reach it too.
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
    try {
      return start(block, block.proxyHost(), runDirectory, timeout);
    } catch (RuntimeException | Error e) {
      block.close();
      throw e;
    }
  }

  /** {@link #start}, listening on {@code host}, an address of this machine's that is the caller's alone (a docker run's gateway). */
  public static ControlToxiproxy startOn(String host, Path runDirectory, Duration timeout) {
    RunRegistry.sweep();
    return start(null, host, runDirectory, timeout);
  }

  private static ControlToxiproxy start(AddressBlock block, String host, Path runDirectory, Duration timeout) {
    RunRegistry registry = null;
    try {
      registry = RunRegistry.create(runDirectory);
      ToxiproxyServer server = ToxiproxyServer.start(host, runDirectory.resolve("toxiproxy.log"), runDirectory, timeout);
      registry.processStarted("toxiproxy", server.process());
      return new ControlToxiproxy(block, registry, server);
    } catch (RuntimeException | Error e) {
      if (registry != null) registry.delete();
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
      if (block != null) block.close();
    }
  }
}
