package faultline.nemesis;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import faultline.environments.Link;
import faultline.environments.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What becomes of a TCP connection made from one node's address to a proxy, as that node's own
 * connections would fare: it connects, it is refused (a disabled proxy), or it times out (its
 * packets dropped by a filter). The handshake is the kernel's on both ends, so a connection that
 * may pass does so in microseconds; a second of silence means dropped.
 */
enum Reach {
  CONNECTS,
  REFUSED,
  TIMES_OUT;

  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  /**
   * "a>b" -> how a connection from a's address to b's link of {@code kind} fares, for every
   * ordered pair of nodes where b has one; side by side, so dropped ones wait out their time-out
   * together.
   */
  static Map<String, Reach> allPairs(Environment env, Link.Kind kind) throws Exception {
    Map<String, Future<Reach>> probes = new TreeMap<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Link link : env.links()) {
        if (link.kind() != kind) continue;
        for (Node a : env.nodes()) {
          if (a.equals(link.to())) continue;
          probes.put(a.name() + ">" + link.to().name(), pool.submit(() -> from(a.address().host(), link.listen())));
        }
      }
    }
    Map<String, Reach> reach = new TreeMap<>();
    for (var probe : probes.entrySet()) reach.put(probe.getKey(), probe.getValue().get());
    return reach;
  }

  static Reach from(String host, Endpoint to) {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(host, 0));
      socket.connect(new InetSocketAddress(to.host(), to.port()), CONNECT_TIMEOUT_MILLIS);
      return CONNECTS;
    } catch (SocketTimeoutException e) {
      return TIMES_OUT;
    } catch (ConnectException e) {
      return REFUSED;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot probe " + to + " from " + host, e);
    }
  }
}
