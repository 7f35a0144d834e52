package faultline.environments.ssh;

import java.nio.file.Path;
import java.util.List;

/**
 * One host of an {@link Inventory}: its name in the run (n1, s1, ...), where its sshd listens, who
 * logs in with which private key (a file of this machine), the roles it may take, and the folder
 * on the host for the run's files.
 */
public record InventoryHost(String name, String address, int port, String user, Path key, List<String> roles,
                            Path folder) {

  public InventoryHost {
    roles = List.copyOf(roles);
  }

  /** Whether the login user is root, who needs no sudo. */
  boolean logsInAsRoot() {
    return "root".equals(user);
  }

  /** user@address:port, for messages. */
  String target() {
    return user + "@" + address + ":" + port;
  }
}
