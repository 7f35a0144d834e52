package faultline.environments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What a client must present to the servers of one environment: every server faultline starts
 * requires a password, random per run, so that other local users (who reach loopback ports too)
 * cannot use them. The password is kept in the run folder, in a file only its owner may read
 * ({@link #FILE}), for whoever investigates by hand.
 *
 * @param user "postgres" for PostgreSQL, "default" for Redis (whose AUTH takes the password alone)
 */
public record Credentials(String user, String password) {
  /** The run folder's file holding the password, mode 0600. */
  public static final String FILE = "password";

  public Credentials {
    if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
      throw new IllegalArgumentException("a user and a password are required");
    }
  }

  /**
   * A new random password (128 bits, as hex: nothing in it needs quoting in a configuration
   * file), written to {@code runDirectory}/{@value #FILE} as a new file of mode 0600.
   */
  public static Credentials generate(Path runDirectory, String user) {
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Path file = runDirectory.resolve(FILE);
    try {
      Files.deleteIfExists(file); // a link or an earlier run's: removed, never followed
      Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          password + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the servers' password to " + file, e);
    }
    return new Credentials(user, password);
  }

  /** The password as a char array, as client libraries take it. */
  public char[] passwordChars() {
    return password.toCharArray();
  }

  /** Never the password itself: records print themselves in messages and logs. */
  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=(see the run folder's " + FILE + ")]";
  }
}
