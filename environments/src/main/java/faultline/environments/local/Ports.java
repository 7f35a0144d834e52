package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Loopback addresses and free ports. Every node gets an address of its own (127.0.0.11, .12, ...)
 * so logs and {@code ss} output say which node is which; all proxies and the Toxiproxy API live
 * on {@link #PROXY_HOST}.
 */
final class Ports {
  static final String PROXY_HOST = "127.0.0.10";
  private static final int FIRST_NODE_OCTET = 11;

  private Ports() {}

  static String nodeHost(int index) {
    int octet = FIRST_NODE_OCTET + index;
    if (octet > 254) throw new IllegalArgumentException("too many nodes: " + (index + 1));
    return "127.0.0." + octet;
  }

  /** The {@code preferred} port if it is free on {@code host} (0: none), or else one the system picks. */
  static Endpoint free(String host, int preferred) {
    if (preferred > 0 && preferred < 65536 && isFree(host, preferred)) return new Endpoint(host, preferred);
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return new Endpoint(host, socket.getLocalPort());
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("no free port on " + host + ": " + e.getMessage());
    }
  }

  static boolean isFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
