package faultline.environments.ssh;

import faultline.environments.host.Execution;
import faultline.environments.host.Host;
import faultline.environments.host.HostException;
import faultline.environments.host.HostProcess;
import faultline.environments.host.ProcessSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * A host reached over SSH, as Jepsen's: one SSH session (Apache MINA SSHD's client) per host, each
 * command a channel of it. Commands run as the login user; as another user (root, postgres) through
 * {@code sudo -n} when the login user is not root, through {@code runuser} when it is. Files go
 * through the commands too (cat, mv), so the host needs only sshd, a POSIX sh and coreutils (and
 * sudo for a login user who is not root). Files are read as root, written as the login user unless
 * an owner is given.
 *
 * <p>Every command is bounded twice: on the host by coreutils' {@code timeout} (which kills it and
 * its process group, so a timed-out command leaves nothing running), and here by a wait a little
 * longer, after which the channel is closed.
 */
public final class SshHost implements Host {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration AUTH_TIMEOUT = Duration.ofSeconds(10);
  /** For faultline's own short commands (file operations, signals, checks). */
  static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
  /** A log of a long run is large; the link may be slow. */
  private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);
  /** What the wait here allows beyond the host's own timeout: the TERM, the KILL 2 s later, the trip back. */
  private static final Duration GRACE = Duration.ofSeconds(5);
  /** How long an idle session lives: the sshd may drop a silent one, a run may be quiet for long. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);

  /**
   * Who reads files: root, who can read every file of a run (a PostgreSQL log is its user's alone).
   * Reading changes nothing; writes are the login user's unless an owner is given.
   */
  private static final Optional<String> READER = Optional.of("root");

  private final InventoryHost entry;
  private final SshClient client;
  private final ClientSession session;

  private SshHost(InventoryHost entry, SshClient client, ClientSession session) {
    this.entry = entry;
    this.client = client;
    this.session = session;
  }

  /**
   * Connects to the host, logs in with its key, and checks that it can do what a run needs: sudo
   * without a password when the login user is not root, and its run folder. Host keys are accepted
   * on first use and recorded in {@code knownHosts}; a host whose key differs from the recorded one
   * is refused. Whatever fails, nothing stays open, and the message names the host and what failed.
   */
  public static SshHost connect(InventoryHost entry, Path knownHosts) {
    return connect(entry, new HostKeys(knownHosts));
  }

  static SshHost connect(InventoryHost entry, HostKeys hostKeys) {
    KeyPair key = loadKey(entry);
    SshClient client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(hostKeys.verifier());
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, HEARTBEAT);
    client.start();
    ClientSession session = null;
    try {
      ConnectFuture connecting = client.connect(entry.user(), entry.address(), entry.port());
      if (!connecting.await(CONNECT_TIMEOUT)) {
        connecting.cancel();
        throw failure(entry, "unreachable: no SSH connection to " + entry.target() + " within "
            + CONNECT_TIMEOUT.toSeconds() + " s", null);
      }
      if (connecting.getException() != null) {
        throw failure(entry, "unreachable: cannot connect to " + entry.target() + ": "
            + rootMessage(connecting.getException()), connecting.getException());
      }
      session = connecting.getSession();
      session.addPublicKeyIdentity(key);
      AuthFuture auth = session.auth();
      boolean done = auth.await(AUTH_TIMEOUT);
      Optional<String> refused = hostKeys.refused(session);
      if (refused.isPresent()) throw failure(entry, refused.get(), null);
      if (!done) {
        throw failure(entry, "no answer to logging in as " + entry.user() + " within " + AUTH_TIMEOUT.toSeconds() + " s", null);
      }
      if (!auth.isSuccess()) {
        throw failure(entry, "refused the key " + entry.key() + " for user " + entry.user()
            + (auth.getException() == null ? "" : " (" + rootMessage(auth.getException()) + ")"), auth.getException());
      }
      SshHost host = new SshHost(entry, client, session);
      host.checkReady();
      return host;
    } catch (IOException e) {
      closeQuietly(session, client);
      throw failure(entry, "cannot log in as " + entry.user() + ": " + rootMessage(e), e);
    } catch (RuntimeException e) {
      closeQuietly(session, client);
      throw e;
    }
  }

  /** Sudo (when needed) and the run folder, so that a run fails before it starts anything. */
  private void checkReady() {
    if (!entry.logsInAsRoot()) {
      Execution sudo = execute("sudo -n true", null, STEP_TIMEOUT);
      if (!sudo.succeeded()) {
        throw new HostException(this, "user " + entry.user() + " cannot sudo without a password (sudo -n true: "
            + oneLine(sudo) + ")");
      }
    }
    Execution folder = execute(script(Optional.empty(), "mkdir -p -- " + Shell.quote(entry.folder().toString())), null,
        STEP_TIMEOUT);
    if (!folder.succeeded()) {
      throw new HostException(this, "cannot make its run folder " + entry.folder() + ": " + oneLine(folder));
    }
  }

  @Override
  public String name() {
    return entry.name();
  }

  @Override
  public String kind() {
    return "ssh";
  }

  @Override
  public String address() {
    return entry.address();
  }

  @Override
  public Path runFolder() {
    return entry.folder();
  }

  /** The inventory entry this host was connected from (its roles, its login user). */
  public InventoryHost entry() {
    return entry;
  }

  @Override
  public Execution run(List<String> command, Optional<String> user, Duration timeout) {
    long started = System.nanoTime();
    Execution e = execute(as(user, bounded(timeout, Shell.join(command))), null, timeout.plus(GRACE));
    // timeout(1) ends a command it stopped with 124 (TERM) or 137 (KILL); only after the time is up
    // is that its doing rather than the command's own exit code.
    boolean outOfTime = (e.exitCode() == 124 || e.exitCode() == 137)
        && System.nanoTime() - started >= timeout.toNanos();
    return outOfTime ? new Execution(-1, e.output(), true) : e;
  }

  @Override
  public void write(Path path, byte[] content, int mode, Optional<String> owner) {
    // A temporary file beside the target, renamed over it: readers see the old file or the new
    // one, never half of one, and rename replaces a link at the path rather than its target.
    String p = Shell.quote(path.toString());
    String body = "set -e; p=" + p + "; t=$(mktemp \"$(dirname -- \"$p\")/.faultline-write.XXXXXX\");"
        + " trap 'rm -f -- \"$t\"' EXIT; cat > \"$t\"; chmod " + octal(mode) + " -- \"$t\";"
        + owner.map(o -> " chown " + Shell.quote(o) + " -- \"$t\";").orElse("")
        + " mv -f -T -- \"$t\" \"$p\"; trap - EXIT";
    Execution written = execute(script(ownerIdentity(owner), body), content, STEP_TIMEOUT);
    if (!written.succeeded()) throw new HostException(this, "cannot write " + path + ": " + oneLine(written));
  }

  @Override
  public byte[] read(Path path) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Execution result = exec(script(READER, "cat -- " + Shell.quote(path.toString())), null, out, STEP_TIMEOUT);
    if (!result.succeeded()) {
      throw new HostException(this, "cannot read " + path + ": " + oneLine(result));
    }
    return out.toByteArray();
  }

  @Override
  public boolean exists(Path path) {
    String p = Shell.quote(path.toString());
    Execution test = execute(script(READER, "test -e " + p + " || test -L " + p), null, STEP_TIMEOUT);
    if (test.timedOut()) throw new HostException(this, "cannot tell whether " + path + " exists: timed out");
    return test.exitCode() == 0;
  }

  @Override
  public void makeFolder(Path path, int mode, Optional<String> owner) {
    String p = Shell.quote(path.toString());
    String body = "set -e; mkdir -p -- " + p + "; chmod " + octal(mode) + " -- " + p
        + owner.map(o -> "; chown " + Shell.quote(o) + " -- " + p).orElse("");
    Execution made = execute(script(ownerIdentity(owner), body), null, STEP_TIMEOUT);
    if (!made.succeeded()) throw new HostException(this, "cannot make folder " + path + ": " + oneLine(made));
  }

  @Override
  public HostProcess start(ProcessSpec spec) {
    return SshProcess.start(this, spec);
  }

  @Override
  public void fetch(Path path, Path target) {
    try {
      Path parent = target.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path partial = Files.createTempFile(parent, "." + target.getFileName(), ".part");
      try {
        Execution result;
        try (OutputStream out = Files.newOutputStream(partial)) {
          result = exec(script(READER, "cat -- " + Shell.quote(path.toString())), null, out, FETCH_TIMEOUT);
        }
        if (!result.succeeded()) {
          throw new HostException(this, "cannot fetch " + path + ": " + oneLine(result));
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    } catch (IOException e) {
      throw new HostException(this, "cannot fetch " + path + " into " + target + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    closeQuietly(session, client);
  }

  @Override
  public String toString() {
    return "ssh host " + entry.name() + " (" + entry.target() + ")";
  }

  // ---- commands ----

  /**
   * The command line that runs {@code command} as {@code user}: itself for the login user, under
   * {@code runuser} for another when the login user is root, under {@code sudo -n} otherwise (which
   * fails at once, rather than asking, where sudo wants a password).
   */
  String as(Optional<String> user, String command) {
    if (user.isEmpty() || user.get().equals(entry.user())) return command;
    String u = Shell.quote(user.get());
    return entry.logsInAsRoot() ? "runuser -u " + u + " -- " + command : "sudo -n -u " + u + " -- " + command;
  }

  /** A POSIX sh script, run as {@code user}, independent of the login user's own shell. */
  String script(Optional<String> user, String body) {
    return as(user, "sh -c " + Shell.quote(body));
  }

  /** File operations that give a file an owner need root; the others run as the login user. */
  private Optional<String> ownerIdentity(Optional<String> owner) {
    return owner.isPresent() && !owner.get().equals(entry.user()) ? Optional.of("root") : Optional.empty();
  }

  /** coreutils' timeout around a command: TERM to its process group at the end, KILL 2 s later. */
  private static String bounded(Duration timeout, String command) {
    return String.format(Locale.ROOT, "timeout -k 2 %.3f %s", timeout.toMillis() / 1000.0, command);
  }

  /** Runs a command line of the login user's shell; its exit, its output (stdout then stderr). */
  Execution execute(String commandLine, byte[] input, Duration timeout) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Execution e = exec(commandLine, input, out, timeout);
    return new Execution(e.exitCode(), out.toString(StandardCharsets.UTF_8) + e.output(), e.timedOut());
  }

  /** Runs a command line with its stdout going to {@code out}; the execution's output is its stderr. */
  Execution exec(String commandLine, byte[] input, OutputStream out, Duration timeout) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ChannelExec channel = null;
    try {
      channel = session.createExecChannel(commandLine);
      channel.setOut(out);
      channel.setErr(err);
      // Always an input, if empty: its end reaches the command as EOF, so nothing waits on it.
      channel.setIn(input == null ? InputStream.nullInputStream() : new ByteArrayInputStream(input));
      channel.open().verify(CONNECT_TIMEOUT);
      Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
      String errors = err.toString(StandardCharsets.UTF_8);
      if (!events.contains(ClientChannelEvent.CLOSED)) {
        if (!session.isOpen()) throw new HostException(this, "lost its SSH session to " + entry.target());
        return new Execution(-1, errors, true);
      }
      Integer status = channel.getExitStatus();
      if (status != null) return new Execution(status, errors, false);
      if (channel.getExitSignal() != null) return new Execution(128 + signalNumber(channel.getExitSignal()), errors, false);
      if (!session.isOpen()) throw new HostException(this, "lost its SSH session to " + entry.target());
      return new Execution(-1, errors + "(the command ended without an exit status)", false);
    } catch (IOException e) {
      throw new HostException(this, "cannot run a command over SSH: " + rootMessage(e));
    } finally {
      if (channel != null) channel.close(true);
    }
  }

  private static int signalNumber(String name) {
    if (name == null) return 0;
    return switch (name) {
      case "KILL" -> 9;
      case "TERM" -> 15;
      case "INT" -> 2;
      case "HUP" -> 1;
      case "SEGV" -> 11;
      case "ABRT" -> 6;
      default -> 0;
    };
  }

  // ---- helpers ----

  private static KeyPair loadKey(InventoryHost entry) {
    if (!Files.isReadable(entry.key())) {
      throw failure(entry, "cannot read its key file " + entry.key(), null);
    }
    try {
      Iterator<KeyPair> keys = new FileKeyPairProvider(entry.key()).loadKeys(null).iterator();
      if (!keys.hasNext()) throw failure(entry, "no private key in " + entry.key(), null);
      return keys.next();
    } catch (HostException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(entry, "cannot load the private key " + entry.key() + " (an unencrypted OpenSSH or PEM key): "
          + rootMessage(e), e);
    }
  }

  static HostException failure(InventoryHost entry, String what, Throwable cause) {
    return new HostException("ssh host " + entry.name() + " (" + entry.address() + "): " + what, "", cause);
  }

  private static void closeQuietly(ClientSession session, SshClient client) {
    try {
      if (session != null) session.close(false).await(Duration.ofSeconds(5));
    } catch (IOException | RuntimeException e) {
      // closing anyway: the client's stop below ends what is left
    }
    try {
      client.stop();
    } catch (RuntimeException e) {
      // nothing more to release
    }
  }

  /** The innermost cause's message, as one line: what a user can act on ("Connection refused"). */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.strip().replaceAll("\\s+", " ");
  }

  static String oneLine(Execution e) {
    if (e.timedOut()) return "timed out";
    String tail = e.tail(2).replaceAll("\\s+", " ").strip();
    return "exit " + e.exitCode() + (tail.isEmpty() ? "" : ", " + tail);
  }

  private static String octal(int mode) {
    return String.format(Locale.ROOT, "%04o", mode);
  }

  static List<String> environmentWords(Map<String, String> environment) {
    List<String> words = new ArrayList<>();
    environment.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> words.add(e.getKey() + "=" + e.getValue()));
    return words;
  }
}
