package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback addresses of one environment, 127.0.B.10 to 127.0.B.254, that no other faultline
 * environment on this machine uses while this one runs, whoever runs it and whatever its state
 * folder or temporary directory. Toxiproxy (its API and every proxy) listens on 127.0.B.10, node
 * i on 127.0.B.(11+i).
 *
 * <p>Block B is taken by an exclusive lock on {@code faultline-addresses-B.lock} in a fixed
 * folder of the machine ({@link #LOCK_FOLDER}: /run/lock, else /tmp), held for the whole run,
 * killed nodes included, and released at teardown; a JVM that dies releases it with its process
 * (fcntl locks belong to the process). So no other run can start a server on the address of a
 * node we killed, nor on a proxy's. The first free block is taken: a lone run gets 127.0.0.x.
 *
 * <p>The folder is shared by every user, so its files are opened without following links and are
 * never written; one we create is made writable by all (others must be able to lock it too).
 * A lock file another user planted can at worst deny a block (we take the next) or, swapped
 * under a holder, let two runs pick the same block: then their servers cannot both bind, and
 * {@link ServerNode#start()} accepts only the process it started, so no run talks to another's
 * server.
 */
final class AddressBlock implements AutoCloseable {
  /** Where the lock files live: the same place for every user of the machine. */
  static final Path LOCK_FOLDER = Files.isDirectory(Path.of("/run/lock")) ? Path.of("/run/lock") : Path.of("/tmp");
  static final int BLOCKS = 256;
  private static final int PROXY_OCTET = 10;
  private static final int FIRST_NODE_OCTET = 11;
  private static final int STICKY = 01000;
  private static final int OTHERS_WRITE = 0022;

  private final int number;
  private final FileChannel channel;
  private final FileLock lock;

  private AddressBlock(int number, FileChannel channel, FileLock lock) {
    this.number = number;
    this.channel = channel;
    this.lock = lock;
  }

  /** The first block no other environment holds; one line naming why when none can be taken. */
  static AddressBlock take() {
    return take(LOCK_FOLDER);
  }

  static AddressBlock take(Path folder) {
    requireSafe(folder);
    List<String> unusable = new ArrayList<>();
    for (int b = 0; b < BLOCKS; b++) {
      Path file = lockFile(folder, b);
      FileChannel channel;
      try {
        channel = open(file);
      } catch (IOException e) {
        unusable.add(file.getFileName() + " (" + e.getMessage() + ")");
        continue;
      }
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) return new AddressBlock(b, channel, lock);
      } catch (OverlappingFileLockException heldByThisJvm) {
        // another environment of this JVM has it
      } catch (IOException e) {
        unusable.add(file.getFileName() + " (" + e.getMessage() + ")");
      }
      closeQuietly(channel);
    }
    throw new EnvironmentUnavailableException("no free block of loopback addresses: all " + BLOCKS
        + " lock files in " + folder + " are held by other faultline runs or unusable"
        + (unusable.isEmpty() ? "" : " (" + unusable.size() + " unusable, first: " + unusable.get(0) + ")"));
  }

  static Path lockFile(Path folder, int block) {
    return folder.resolve("faultline-addresses-" + block + ".lock");
  }

  /**
   * Opens the lock file read-write without following a link (read-write, so a FIFO planted there
   * cannot block the open); a missing one is created new and opened to all users.
   */
  private static FileChannel open(Path file) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          throw new IOException("not a regular file");
        }
        return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException missing) {
        try {
          FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
              StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS);
          // Ours and new (O_EXCL); in a sticky folder nobody else can swap it. fchmod, not chmod:
          // the view without links never follows one.
          Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .setPermissions(PosixFilePermissions.fromString("rw-rw-rw-"));
          return channel;
        } catch (FileAlreadyExistsException raced) {
          if (attempt > 2) throw raced;
        }
      }
    }
  }

  /**
   * The lock folder must be a real folder that only root or this user controls: owned by one of
   * them and, when others may write in it, sticky (as /run/lock and /tmp are), so nobody can
   * replace a file another user made there.
   */
  private static void requireSafe(Path folder) {
    try {
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) throw unsafe(folder, "is not a folder (or is a link)");
      int uid = (Integer) Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      int ours = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      if (uid != 0 && uid != ours) throw unsafe(folder, "is owned by uid " + uid + ", neither root nor this user");
      int mode = (Integer) Files.getAttribute(folder, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & OTHERS_WRITE) != 0 && (mode & STICKY) == 0) throw unsafe(folder, "is writable by others without the sticky bit");
    } catch (IOException | UnsupportedOperationException e) {
      throw unsafe(folder, "cannot be checked (" + e.getMessage() + ")");
    }
  }

  private static EnvironmentUnavailableException unsafe(Path folder, String why) {
    return new EnvironmentUnavailableException("the machine-wide folder of faultline's address locks, " + folder + ", " + why
        + "; refusing to use it");
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was locked through it
    }
  }

  int number() {
    return number;
  }

  /** Toxiproxy's API and every proxy. */
  String proxyHost() {
    return host(PROXY_OCTET);
  }

  /** Node {@code index} (0 for n1). */
  String nodeHost(int index) {
    int octet = FIRST_NODE_OCTET + index;
    if (octet > 254) throw new IllegalArgumentException("too many nodes: " + (index + 1));
    return host(octet);
  }

  private String host(int octet) {
    return "127.0." + number + "." + octet;
  }

  boolean isHeld() {
    return lock.isValid();
  }

  /** Releases the block: the last step of a teardown, when none of its servers runs any more. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException | RuntimeException e) {
      // closing the channel below releases it too
    }
    closeQuietly(channel);
  }

  @Override
  public String toString() {
    return "127.0." + number + ".0/24";
  }
}
