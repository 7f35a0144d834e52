package faultline.environments.local;

import faultline.environments.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Which process listens on a loopback endpoint, as the kernel says (/proc/net/tcp and the
 * process's open files): for a server that cannot name its own pid, such as Toxiproxy, whose
 * answer alone could come from another program's server on the same address.
 */
final class Listeners {
  private static final String LISTEN = "0A";

  private Listeners() {}

  /** Whether {@code pid} holds the listening socket of {@code endpoint} (IPv4); false when it cannot be told. */
  static boolean holds(long pid, Endpoint endpoint) {
    Optional<String> inode = listeningInode(endpoint);
    if (inode.isEmpty()) return false;
    String socket = "socket:[" + inode.get() + "]";
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          if (Files.readSymbolicLink(fd).toString().equals(socket)) return true;
        } catch (IOException closedMeanwhile) {
          // next
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /**
   * The inode of the socket listening on {@code endpoint}: in /proc/net/tcp for an IPv4 socket,
   * in /proc/net/tcp6 as ::ffff:a.b.c.d for a dual-stack one (Java's, for one).
   */
  private static Optional<String> listeningInode(Endpoint endpoint) {
    try {
      byte[] address = InetAddress.getByName(endpoint.host()).getAddress();
      if (address.length != 4) return Optional.empty();
      // Each 32-bit word of an address is printed as a number in the machine's (little-endian) order.
      String word = HexFormat.of().withUpperCase().formatHex(new byte[] {address[3], address[2], address[1], address[0]});
      String port = String.format(":%04X", endpoint.port());
      Optional<String> v4 = inode(Path.of("/proc/net/tcp"), word + port);
      return v4.isPresent() ? v4 : inode(Path.of("/proc/net/tcp6"), "0000000000000000FFFF0000" + word + port);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> inode(Path table, String local) throws IOException {
    if (!Files.exists(table)) return Optional.empty();
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 9 && f[1].equals(local) && f[3].equals(LISTEN)) return Optional.of(f[9]);
    }
    return Optional.empty();
  }
}
