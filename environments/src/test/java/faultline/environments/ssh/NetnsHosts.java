package faultline.environments.ssh;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * SSH hosts for tests on this machine: network namespaces, each with its own address on a bridge
 * of the run's own and its own sshd, made and removed by scripts/netns-hosts (which says how). A
 * run's names and /24 are its own, so runs of faultline beside this one never meet; hosts a dead
 * run left behind are swept by the next. Test code only: nothing a user runs makes namespaces.
 *
 * <p>Where namespaces cannot be made (not root, no ip(8), no sshd) the test is skipped and says why.
 */
public final class NetnsHosts implements AutoCloseable {

  /** One test host: its inventory name, the address its sshd listens on, and a run folder of its own. */
  public record NetnsHost(String name, String address, int port, Path runFolder) {}

  private static final long SCRIPT_SECONDS = 90;

  private final Path script;
  private final String run;
  private final List<NetnsHost> hosts;
  private final Path key;
  private final Path strangerKey;
  private final String userWithoutSudo;
  private final Optional<String> userWithSudo;
  private final String controlAddress;
  private final Thread removal;
  private boolean closed;

  private NetnsHosts(Path script, String run, List<NetnsHost> hosts, Path key, Path strangerKey, String userWithoutSudo,
                     Optional<String> userWithSudo, String controlAddress) {
    this.script = script;
    this.run = run;
    this.hosts = List.copyOf(hosts);
    this.key = key;
    this.strangerKey = strangerKey;
    this.userWithoutSudo = userWithoutSudo;
    this.userWithSudo = userWithSudo;
    this.controlAddress = controlAddress;
    // A test JVM that ends without closing (a failed @AfterAll) still removes its hosts.
    this.removal = new Thread(this::remove, "netns-hosts-" + run);
    Runtime.getRuntime().addShutdownHook(removal);
  }

  /** Makes {@code count} hosts n1..n{count}, or skips the test when this machine cannot. */
  public static NetnsHosts start(int count) {
    Path script = script();
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "netns test hosts need root (network namespaces, a bridge, a user)");
    Assumptions.assumeTrue(onPath("ip"), "netns test hosts need ip(8) (Debian's iproute2)");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/sshd")),
        "netns test hosts need /usr/sbin/sshd (scripts/bootstrap servers installs openssh-server)");
    String run = runName();
    List<String> lines = call(script, List.of("up", run, Integer.toString(count),
        Long.toString(ProcessHandle.current().pid())));
    List<NetnsHost> hosts = new ArrayList<>();
    Path key = null;
    Path stranger = null;
    String user = null;
    String sudoer = null;
    String control = null;
    for (String line : lines) {
      String[] f = line.strip().split(" ");
      switch (f[0]) {
        case "host" -> hosts.add(new NetnsHost(f[1], f[2], Integer.parseInt(f[3]), Path.of(f[4])));
        case "key" -> key = Path.of(f[1]);
        case "stranger-key" -> stranger = Path.of(f[1]);
        case "user" -> user = f[1];
        case "sudo-user" -> sudoer = f[1];
        case "control" -> control = f[1];
        default -> { }
      }
    }
    if (hosts.size() != count || key == null || stranger == null || user == null) {
      call(script, List.of("down", run));
      throw new IllegalStateException("netns-hosts up said too little: " + lines);
    }
    return new NetnsHosts(script, run, hosts, key, stranger, user, Optional.ofNullable(sudoer), control);
  }

  public List<NetnsHost> hosts() {
    return hosts;
  }

  public NetnsHost host(int index) {
    return hosts.get(index);
  }

  /**
   * Writes an inventory of these hosts laying {@code topology} into {@code file}: each host
   * logging in as root with {@link #key()}, its run folder its own; the last {@code sentinelHosts}
   * hosts take the sentinel role alone (0: sentinels share the data hosts).
   */
  public Path writeInventory(Path file, String topology, int sentinelHosts) throws java.io.IOException {
    StringBuilder entries = new StringBuilder();
    for (int i = 0; i < hosts.size(); i++) {
      NetnsHost h = hosts.get(i);
      if (!entries.isEmpty()) entries.append(",\n    ");
      entries.append("{\"name\": \"").append(h.name()).append("\", \"address\": \"").append(h.address())
          .append("\", \"port\": ").append(h.port()).append(", \"key\": \"").append(key)
          .append("\", \"folder\": \"").append(h.runFolder()).append('"');
      if (i >= hosts.size() - sentinelHosts) entries.append(", \"roles\": [\"sentinel\"]");
      entries.append('}');
    }
    return Files.writeString(file, "{\"topology\": \"" + topology + "\",\n  \"hosts\": [\n    " + entries + "]}\n");
  }

  /** The private key every host accepts for root and for {@link #userWithoutSudo()}. */
  public Path key() {
    return key;
  }

  /** A private key no host accepts. */
  public Path strangerKey() {
    return strangerKey;
  }

  /** A user of every host who may log in with {@link #key()} and has no sudo. */
  public String userWithoutSudo() {
    return userWithoutSudo;
  }

  /** A user of every host who may log in with {@link #key()} and sudo without a password; none without sudo(8). */
  public Optional<String> userWithSudo() {
    return userWithSudo;
  }

  /** This machine's address on the hosts' bridge. */
  public String controlAddress() {
    return controlAddress;
  }

  /**
   * How many processes run in the host's namespace: its sshd's listener, and a process or two for
   * each SSH session open to it (and whatever a test started there).
   */
  public int processesOn(NetnsHost host) {
    return call(script, List.of("pids", run, host.name())).size();
  }

  /** The run's own folder of files (keys, sshd configurations, the hosts' run folders). */
  public Path runFolder() {
    return key.getParent();
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    remove();
    try {
      Runtime.getRuntime().removeShutdownHook(removal);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs, or ran, remove() itself
    }
  }

  private synchronized void remove() {
    if (closed) return;
    closed = true;
    call(script, List.of("down", run));
  }

  /** A name of 5 characters [a-z0-9] no other run has (the script refuses one that exists). */
  private static String runName() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < 5; i++) name.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return name.toString();
  }

  /** scripts/netns-hosts of this checkout: tests run in a module's folder, the script is at the root. */
  private static Path script() {
    Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      Path candidate = p.resolve("scripts/netns-hosts");
      if (Files.isExecutable(candidate)) return candidate;
    }
    throw new IllegalStateException("scripts/netns-hosts not found above " + here);
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) return true;
    }
    return Files.isExecutable(Path.of("/usr/sbin", program)) || Files.isExecutable(Path.of("/sbin", program));
  }

  /** Runs the script to its end (bounded); its standard output's lines, or why it failed. */
  private static List<String> call(Path script, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(arguments);
    try {
      // Both outputs go to files, so no read blocks past the bounded wait.
      Path output = Files.createTempFile("netns-hosts", ".out");
      Path errors = Files.createTempFile("netns-hosts", ".err");
      try {
        Process process = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(output.toFile())
            .redirectError(errors.toFile())
            .start();
        if (!process.waitFor(SCRIPT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " took over " + SCRIPT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": "
              + Files.readString(errors).strip());
        }
        return Files.readString(output, StandardCharsets.UTF_8).lines().toList();
      } finally {
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + script, e);
    }
  }
}
