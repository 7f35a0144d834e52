package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-system chores of node folders. */
final class Directories {
  private Directories() {}

  static Path create(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  /**
   * Gives {@code path} to {@code user} with mode {@code rwx------} (what PostgreSQL demands). A
   * link is never followed (lchown, and chmod through an O_NOFOLLOW descriptor): as root, a link
   * that another user planted would otherwise give that user the file it points at.
   */
  static void giveTo(Path path, String user) {
    try {
      UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
      PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (Files.isSymbolicLink(path)) throw new IOException(path + " is a symbolic link");
      view.setOwner(users.lookupPrincipalByName(user));
      view.setGroup(users.lookupPrincipalByGroupName(user));
      view.setPermissions(PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + path + " to user " + user, e);
    }
  }

  /** Fails with a clear message if some folder above {@code dir} keeps other users out. */
  static void requireOpenToOthers(Path dir) {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      try {
        if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
          throw new EnvironmentUnavailableException(
              p + " is closed to other users, and PostgreSQL runs as user postgres; choose a run folder elsewhere");
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Lets other users (PostgreSQL's, when we run as root) enter {@code dir}. */
  static void openToOthers(Path dir) {
    try {
      var permissions = Files.getPosixFilePermissions(dir);
      permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
      permissions.add(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
      Files.setPosixFilePermissions(dir, permissions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + dir + " to other users", e);
    }
  }
}
