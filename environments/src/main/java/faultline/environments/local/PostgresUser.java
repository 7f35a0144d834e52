package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL refuses to run as root. When we are root, its programs run as the system user
 * "postgres" (which Debian's package creates) through setpriv, which execs in place: the pid we
 * hold stays the postmaster's, so kill -9 hits the server and not a wrapper.
 */
final class PostgresUser {
  static final String SYSTEM_USER = "postgres";

  private PostgresUser() {}

  static boolean weAreRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** {@code program args...}, run as the user PostgreSQL accepts. */
  static List<String> command(Path program, String... args) {
    List<String> command = new ArrayList<>();
    if (weAreRoot()) {
      Path setpriv = Binaries.onPath("setpriv")
          .orElseThrow(() -> EnvironmentUnavailableException.missingBinary("setpriv (util-linux)"));
      command.addAll(List.of(setpriv.toString(),
          "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER, "--init-groups"));
    }
    command.add("--"); // marks where the program starts, for messages (setpriv accepts it too)
    command.add(program.toString());
    command.addAll(List.of(args));
    if (!weAreRoot()) command.remove(0);
    return command;
  }

  /** Who should own a file PostgreSQL's programs read: its user when we are root, else nobody to change. */
  static Optional<String> fileOwner() {
    return weAreRoot() ? Optional.of(SYSTEM_USER) : Optional.empty();
  }

  /** Makes {@code dir} PostgreSQL's own when we are root; checks the user exists. */
  static void own(Path dir) {
    if (!weAreRoot()) return;
    try {
      Directories.giveTo(dir, SYSTEM_USER);
    } catch (UncheckedIOException e) {
      throw new EnvironmentUnavailableException(
          "PostgreSQL cannot run as root and the user '" + SYSTEM_USER + "' is missing; run scripts/bootstrap");
    }
  }
}
