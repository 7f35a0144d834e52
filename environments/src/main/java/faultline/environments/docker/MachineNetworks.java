package faultline.environments.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IPv4 networks this machine routes or holds an address in ({@code ip -4 route}, every
 * table): a run's subnet must overlap none of them. The engine refuses only overlaps with its own
 * networks; a bridge another program made (the ssh test hosts' {@code scripts/netns-hosts}, a
 * VPN) it would shadow silently, cutting this machine off from it.
 */
final class MachineNetworks {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern PREFIX = Pattern.compile("^(?:\\S+\\s+)?(\\d+\\.\\d+\\.\\d+\\.\\d+)(?:/(\\d+))?\\b");

  private final List<long[]> networks;

  private MachineNetworks(List<long[]> networks) {
    this.networks = networks;
  }

  /** This machine's routes now; none known (no ip(8)) leaves the engine's own check alone. */
  static MachineNetworks now() {
    return parse(routes());
  }

  /** From {@code ip -4 route show table all} output: each line's destination (a prefix, or an address as /32). */
  static MachineNetworks parse(String routes) {
    List<long[]> networks = new ArrayList<>();
    for (String line : routes.lines().toList()) {
      // "local 10.1.2.3 dev ...", "broadcast ...", "10.213.7.0/24 dev ...": the type word is optional.
      Matcher m = PREFIX.matcher(line.strip());
      if (!m.find()) continue;
      int bits = m.group(2) == null ? 32 : Integer.parseInt(m.group(2));
      networks.add(new long[] {address(m.group(1)), bits});
    }
    return new MachineNetworks(networks);
  }

  /** Whether {@code cidr} (a.b.c.d/n) shares any address with a network of this machine's. */
  boolean overlaps(String cidr) {
    String[] parts = cidr.split("/");
    long base = address(parts[0]);
    int bits = Integer.parseInt(parts[1]);
    for (long[] network : networks) {
      int common = (int) Math.min(bits, network[1]);
      if (common == 0) continue; // the default route covers everything and holds nothing
      long mask = (0xFFFFFFFFL << (32 - common)) & 0xFFFFFFFFL;
      if ((base & mask) == (network[0] & mask)) return true;
    }
    return false;
  }

  private static long address(String dotted) {
    long value = 0;
    for (String octet : dotted.split("\\.")) value = (value << 8) | Integer.parseInt(octet);
    return value;
  }

  private static String routes() {
    try {
      Process ip = new ProcessBuilder("ip", "-4", "route", "show", "table", "all").redirectErrorStream(true).start();
      ip.getOutputStream().close();
      byte[] output = ip.getInputStream().readAllBytes();
      if (!ip.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        ip.destroyForcibly();
        return "";
      }
      return ip.exitValue() == 0 ? new String(output, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
