package faultline.environments.local;

import faultline.environments.Endpoint;
import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free ports on the addresses of an environment's {@link AddressBlock}: every node has an address
 * of its own (127.0.B.11, .12, ...) so logs and {@code ss} output say which node is which; all
 * proxies and the Toxiproxy API live on the block's proxy address.
 */
final class Ports {
  private Ports() {}

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
