package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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

  /**
   * Deletes {@code root} and everything under it, never following a link. PostgreSQL's user owns
   * its data folder and could swap a folder in it for a link between our listing and our unlink:
   * each folder is therefore opened once and its entries removed relative to it (openat,
   * unlinkat), so a name is never resolved through a link, whatever happens meanwhile.
   */
  static void deleteRecursively(Path root) {
    try {
      if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(root);
        return;
      }
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
        if (stream instanceof SecureDirectoryStream<Path> folder) {
          deleteContents(folder);
        } else {
          try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).toList()) Files.deleteIfExists(p);
          }
        }
      }
      Files.deleteIfExists(root);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }

  private static void deleteContents(SecureDirectoryStream<Path> folder) throws IOException {
    List<Path> names = new ArrayList<>();
    for (Path entry : folder) names.add(entry.getFileName());
    for (Path name : names) {
      try {
        BasicFileAttributes attributes =
            folder.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        if (attributes.isDirectory()) {
          try (SecureDirectoryStream<Path> inner = folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            deleteContents(inner);
          }
          folder.deleteDirectory(name);
        } else {
          folder.deleteFile(name); // a link is removed itself
        }
      } catch (NoSuchFileException gone) {
        // removed meanwhile: nothing left to delete
      }
    }
  }

  /** Gives {@code path} to {@code user} with mode {@code rwx------} (what PostgreSQL demands), never through a link. */
  static void giveTo(Path path, String user) {
    try {
      setModeAndOwner(path, 0700, Optional.of(user));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot give " + path + " to user " + user, e);
    }
  }

  /**
   * Gives {@code path} itself (never what a link points to) POSIX {@code mode}, and {@code owner}
   * (user and its group) when given: chmod through an O_NOFOLLOW descriptor, lchown. A {@link
   * LocalHost}'s files and folders.
   */
  static void setModeAndOwner(Path path, int mode, Optional<String> owner) throws IOException {
    PosixFileAttributeView view = owner.isPresent()
        ? ownedBy(path, owner.get())
        : Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (Files.isSymbolicLink(path)) throw new IOException(path + " is a symbolic link");
    view.setPermissions(permissions(mode));
  }

  /** The permissions of a POSIX mode such as 0600. */
  static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
    StringBuilder text = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    return PosixFilePermissions.fromString(text.toString());
  }

  /** Makes {@code user} (and its group) the owner of {@code path} itself, never of what a link points to. */
  private static PosixFileAttributeView ownedBy(Path path, String user) throws IOException {
    UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (Files.isSymbolicLink(path)) throw new IOException(path + " is a symbolic link");
    view.setOwner(users.lookupPrincipalByName(user));
    view.setGroup(users.lookupPrincipalByGroupName(user));
    return view;
  }

  /** Fails with a clear message if some folder above {@code dir} keeps other users out. */
  static void requireOpenToOthers(Path dir) {
    requireOpenToOthers(dir, "PostgreSQL runs as user postgres; choose a run folder elsewhere");
  }

  /** The same, with what the message says after "closed to other users". */
  static void requireOpenToOthers(Path dir, String why) {
    for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
      try {
        if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
          throw new EnvironmentUnavailableException(
              p + " is closed to other users, and " + why);
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
