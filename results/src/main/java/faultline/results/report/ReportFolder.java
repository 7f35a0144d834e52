package faultline.results.report;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.Set;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * A folder {@code check --report} may write into: a new or empty one, or one holding an earlier
 * faultline report (it carries {@link #MARK}). Anything else is the user's: report.html,
 * summary.md and junit.xml are common names, and writing over them would lose their content.
 *
 * <p>Only a folder of the user's own is written (faultline often runs as root): another user's
 * folder could hold links, planted where a report goes, to any file. Reports are written through
 * {@link Writer}, which never follows a link: each file is made new beside its name and renamed
 * over it, in the folder opened once and checked to be ours.
 */
public final class ReportFolder {
  /** Left in every folder {@code check --report} writes, so the next check may write it again. */
  public static final String MARK = ".faultline-report";

  private ReportFolder() {}

  /** Throws, with one line naming the folder, unless reports may be written into {@code dir}. */
  public static void requireWritable(Path dir) {
    requireSafeAncestors(dir, "--report " + dir);
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--report " + dir + ": a file, not a folder");
    requireOurs(dir, "--report " + dir);
    if (Files.isRegularFile(dir.resolve(MARK), LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) return;
    } catch (IOException e) {
      throw new IllegalArgumentException("--report " + dir + ": cannot be read (" + e.getMessage() + ")");
    }
    throw new IllegalArgumentException("--report " + dir + ": not empty, and holds no earlier faultline report; "
        + "give a new or empty folder");
  }

  /** Creates {@code dir} if needed and marks it as holding faultline's reports. */
  public static void claim(Path dir) throws IOException {
    requireWritable(dir);
    Files.createDirectories(dir);
    try (Writer writer = Writer.open(dir)) {
      if (!writer.exists(MARK)) writer.write(MARK, "reports written by faultline check --report; it may write them again here\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  /**
   * {@code dir} (and, when it is a link, the link too) must belong to the user who runs faultline;
   * {@code named} is how the one-line error names it (such as "--report DIR").
   */
  public static void requireOurs(Path dir, String named) {
    try {
      int us = ourUid();
      for (LinkOption[] how : new LinkOption[][] {{LinkOption.NOFOLLOW_LINKS}, {}}) {
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", how);
        if (owner != us) {
          throw new IllegalArgumentException(named + ": owned by uid " + owner + ", not by this user; give a folder of your own");
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(named + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * No folder above {@code dir} may let another user rename or replace what is in it (swap the
   * report folder for a link, once checked): each must be ours or root's, and writable by no one
   * else unless sticky (as /tmp is, where only an entry's owner may rename it). {@code named} is
   * how the one-line error names the folder.
   */
  public static void requireSafeAncestors(Path dir, String named) {
    try {
      int us = ourUid();
      for (Path p = dir.toAbsolutePath().normalize().getParent(); p != null; p = p.getParent()) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) continue;
        int owner = (Integer) Files.getAttribute(p, "unix:uid");
        int mode = (Integer) Files.getAttribute(p, "unix:mode");
        boolean othersMayWrite = (mode & 0022) != 0 && (mode & 01000) == 0;
        if ((owner != us && owner != 0) || othersMayWrite) {
          throw new IllegalArgumentException(named + ": " + p + (othersMayWrite ? " is writable by other users" : " is owned by uid " + owner)
              + ", who could swap the folder for a link; give a folder of your own");
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(named + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static int ourUid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  /**
   * Writes files into one folder, held open: the folder is checked to be the user's once, through
   * its descriptor, and every name is resolved in it (openat, renameat), so neither a link in it
   * nor the folder swapped for another afterwards is followed.
   */
  static final class Writer implements Closeable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path dir;
    private final SecureDirectoryStream<Path> folder;

    private Writer(Path dir, SecureDirectoryStream<Path> folder) {
      this.dir = dir;
      this.folder = folder;
    }

    static Writer open(Path dir) throws IOException {
      DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
      if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
        stream.close();
        throw new IOException("this platform cannot write " + dir + " without following links");
      }
      Writer writer = new Writer(dir, secure);
      try {
        // The folder as opened (fstat of its descriptor), not as its name reads now.
        UserPrincipal owner = secure.getFileAttributeView(PosixFileAttributeView.class).readAttributes().owner();
        if (!owner.equals(Files.getOwner(Path.of("/proc/self")))) {
          throw new IOException(dir + " is owned by " + owner.getName() + ", not by this user");
        }
      } catch (IOException | RuntimeException e) {
        writer.close();
        throw e;
      }
      return writer;
    }

    boolean exists(String name) {
      try {
        folder.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    /** Writes {@code name} anew: a temporary file made with O_EXCL|O_NOFOLLOW, renamed over the name. */
    Path write(String name, byte[] content) throws IOException {
      Path temporary = Path.of("." + name + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
      try (SeekableByteChannel out = folder.newByteChannel(temporary,
          Set.<OpenOption>of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")))) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) out.write(buffer);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(temporary);
        throw e;
      }
      try {
        folder.move(temporary, folder, Path.of(name));
      } catch (IOException | RuntimeException e) {
        deleteQuietly(temporary);
        throw e;
      }
      return dir.resolve(name);
    }

    private void deleteQuietly(Path temporary) {
      try {
        folder.deleteFile(temporary);
      } catch (IOException ignored) {
        // it was never made
      }
    }

    @Override
    public void close() throws IOException {
      folder.close();
    }
  }
}
