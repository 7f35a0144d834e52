package faultline.results.browse;

import java.util.Locale;
import java.util.Set;

/**
 * The Host headers a loopback server answers. Binding 127.0.0.1 keeps other machines out, but not
 * a web page the user opens: its script may name a domain the attacker resolves to 127.0.0.1 (DNS
 * rebinding), and the browser then sends "Host: that-domain". Requiring a loopback name with our
 * own port turns those requests away, whatever address the name resolved to.
 */
final class LoopbackHosts {
  private static final Set<String> NAMES = Set.of("127.0.0.1", "localhost", "[::1]");

  private LoopbackHosts() {}

  /** Whether {@code host} (the header's value, or null when absent) names this server on {@code port}. */
  static boolean allows(String host, int port) {
    if (host == null) return false;
    String value = host.trim().toLowerCase(Locale.ROOT);
    int colon = value.lastIndexOf(':');
    if (colon < 0 || value.endsWith("]")) return false; // no port: the browser meant port 80, not ours
    return NAMES.contains(value.substring(0, colon)) && value.substring(colon + 1).equals(Integer.toString(port));
  }
}
