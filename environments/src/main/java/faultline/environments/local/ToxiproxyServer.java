package faultline.environments.local;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import faultline.environments.Endpoint;
import faultline.environments.EnvironmentUnavailableException;
import faultline.environments.Polling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The real Toxiproxy server, as a process of the environment, its API on loopback. */
final class ToxiproxyServer {
  private final ManagedProcess process;
  private final Endpoint api;
  private final ToxiproxyClient client;

  private ToxiproxyServer(ManagedProcess process, Endpoint api) {
    this.process = process;
    this.api = api;
    this.client = new ToxiproxyClient(api.host(), api.port());
  }

  /**
   * Toxiproxy with its API on {@code host} (the port 8474 if free there), its proxies on {@code
   * host} too. Its API cannot name its pid, so the kernel says whose socket answers: another
   * program's server, there since our port check, is never taken for ours. Toxiproxy keeps running
   * when it cannot bind its API, so that case is told apart at once and tried again on a port the
   * system picks.
   */
  static ToxiproxyServer start(String host, Path log, Path workingDirectory, Duration timeout) {
    Path binary = Binaries.toxiproxyServer();
    for (int attempt = 1; ; attempt++) {
      Endpoint api = Ports.free(host, attempt == 1 ? 8474 : 0);
      ManagedProcess process = ManagedProcess.start(
          List.of(binary.toString(), "-host", api.host(), "-port", Integer.toString(api.port())),
          workingDirectory, log);
      ToxiproxyServer server = new ToxiproxyServer(process, api);
      if (!Polling.until(timeout, () -> !process.isAlive() || server.answers())) {
        process.kill();
        throw new EnvironmentUnavailableException(
            "toxiproxy-server did not answer on " + api + " within " + timeout.toSeconds() + " s; log: " + log,
            LogTail.of(log, 20), null);
      }
      if (!process.isAlive()) {
        throw new EnvironmentUnavailableException(
            "toxiproxy-server exited at start; log: " + log, LogTail.of(log, 20), null);
      }
      if (Listeners.holds(process.pid(), api)) return server;
      process.kill();
      if (attempt == 3) {
        throw new EnvironmentUnavailableException("toxiproxy-server could not listen on " + host
            + ": another program's server answered at its port " + attempt + " times; log: " + log, LogTail.of(log, 20), null);
      }
    }
  }

  private boolean answers() {
    try {
      client.version();
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  Endpoint api() {
    return api;
  }

  ToxiproxyClient client() {
    return client;
  }

  ManagedProcess process() {
    return process;
  }

  /** A proxy to {@code upstream} on a port the system picks, so no port clash can fail it. */
  Proxy createProxy(String name, Endpoint upstream) {
    try {
      return client.createProxy(name, api.host() + ":0", upstream.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create proxy " + name + " to " + upstream, e);
    }
  }

  void stop() {
    process.kill();
  }
}
