package faultline.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import faultline.checker.history.Op;
import faultline.environments.Environment;
import faultline.environments.Endpoint;
import faultline.environments.Node;
import faultline.environments.Topology;
import faultline.environments.local.FilterChains;
import faultline.environments.local.Iptables;
import faultline.environments.local.LocalEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A real local environment for a test class, and the proofs every fault test ends with: after a
 * heal, no toxic of any kind on any proxy, no disabled proxy, no packet filter chain, no paused or
 * missing process; after the class, no process, no listener and no chain of the environment left.
 */
abstract class WithEnvironment {
  Environment env;
  private final List<Long> pids = new ArrayList<>();
  private final List<Endpoint> listeners = new ArrayList<>();
  private Path runDirectory;
  private String chain;

  Environment start(Topology topology) throws IOException {
    return start(topology, UnaryOperator.identity());
  }

  Environment start(Topology topology, UnaryOperator<LocalEnvironment.Builder> options) throws IOException {
    runDirectory = Files.createTempDirectory("faultline-nemesis-" + topology.id() + "-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    env = options.apply(LocalEnvironment.builder(topology).runDirectory(runDirectory)).start();
    chain = FilterChains.nameFor(env.toxiproxyApi());
    listeners.add(env.toxiproxyApi());
    // Toxiproxy: the child of this JVM started with the API's host and port.
    String apiPort = Integer.toString(env.toxiproxyApi().port());
    ProcessHandle.current().children()
        .filter(p -> p.info().arguments().map(List::of).map(a -> a.contains(env.toxiproxyApi().host()) && a.contains(apiPort)).orElse(false))
        .forEach(p -> pids.add(p.pid()));
    env.links().forEach(l -> listeners.add(l.listen()));
    for (Node n : env.nodes()) {
      n.pid().ifPresent(pids::add);
      listeners.add(n.address());
    }
    return env;
  }

  /** Performs one nemesis op as a schedule would, returning its completion. */
  static Op perform(Nemesis nemesis, String f, Object value) {
    return nemesis.invoke(NemesisOps.invoke(f, value));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }

  static Random seeded() {
    return new Random(42);
  }

  /** No toxic at all (the tests add none of their own), every proxy enabled, every node up and running on. */
  void assertWhole(Set<String> downOnPurpose) throws IOException {
    assertThat(Leftovers.of(env, downOnPurpose)).as("left behind").isEmpty();
    assertNoChain();
    for (Proxy proxy : env.toxiproxy().getProxies()) {
      assertThat(proxy.toxics().getAll()).as("toxics on %s", proxy.getName()).isEmpty();
      assertThat(proxy.isEnabled()).as("%s enabled", proxy.getName()).isTrue();
    }
  }

  void assertWhole() throws IOException {
    assertWhole(Set.of());
  }

  /** Closes the environment and proves nothing of it is left: no process, nothing listening. */
  void closeAndAssertGone() throws IOException {
    if (env == null) return;
    for (Node n : env.nodes()) n.pid().ifPresent(pids::add); // restarted nodes have new ones
    env.close();
    for (long pid : pids) {
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("process %d", pid).isEmpty();
    }
    // Their listeners are gone with them; what answers there now is another run's, which may take
    // the addresses once the environment released them.
    for (Endpoint listener : listeners) {
      if (accepts(listener)) assertThat(pids).as("listening on %s", listener).noneMatch(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent());
    }
    assertNoChain();
    try (var files = Files.walk(runDirectory)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Not even an empty chain of this environment in {@code iptables -S}: a heal removes it whole. */
  void assertNoChain() {
    Iptables iptables = Iptables.system();
    if (iptables.unavailable().isPresent()) return; // no chain can have been made
    assertThat(iptables.run("-S").output().lines()).as("iptables -S")
        .noneMatch(line -> List.of(line.split(" ")).contains(chain));
  }

  static boolean accepts(Endpoint endpoint) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
