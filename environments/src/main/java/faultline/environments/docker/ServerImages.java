package faultline.environments.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import faultline.environments.EnvironmentUnavailableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * faultline's server image, made here from Debian's packages, since no registry may be reachable:
 * debootstrap (bookworm, minbase) into a build folder with the servers and the tools the node
 * code and the faults use, then imported into the engine as an image.
 *
 * <p>Its tag is a hash of the recipe (suite, variant, packages, {@link #RECIPE_VERSION}), so an
 * image present is reused and a changed recipe makes a new one. The build folder is removed after;
 * one left by a build whose JVM died is removed by {@link Leftovers}. A user's own image replaces
 * it by name ({@link #ensure}); it must have what {@link #PACKAGES} brings.
 *
 * <p>One command for users: {@code scripts/docker-image} (this class's {@link #main}).
 */
public final class ServerImages {
  /** Raise when the recipe changes in a way the package list does not show. */
  static final int RECIPE_VERSION = 1;
  static final String SUITE = "bookworm";
  static final String VARIANT = "minbase";
  /** The servers, and what node code and faults run inside a node: ip, iptables, ps/kill, setpriv/setsid. */
  static final List<String> PACKAGES = List.of(
      "redis-server", "redis-sentinel", "postgresql-15", "iproute2", "iptables", "procps", "util-linux");
  static final String REPOSITORY = "faultline/server";
  /** The Debian mirror debootstrap fetches from. */
  static final String MIRROR_VARIABLE = "FAULTLINE_DEBIAN_MIRROR";
  static final String DEFAULT_MIRROR = "http://deb.debian.org/debian";
  /** Build folders are named so, under the temporary directory, and hold a file naming their builder. */
  static final String BUILD_PREFIX = "faultline-image-";
  private static final String BUILDER_FILE = "builder";

  private static final Duration DEBOOTSTRAP_TIMEOUT = Duration.ofMinutes(30);
  private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private ServerImages() {}

  /** The default image's name: {@code faultline/server:<recipe hash>}. */
  public static String defaultImage() {
    String recipe = "recipe " + RECIPE_VERSION + "\nsuite " + SUITE + "\nvariant " + VARIANT + "\npackages "
        + String.join(",", PACKAGES) + "\n";
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(recipe.getBytes(StandardCharsets.UTF_8));
      return REPOSITORY + ":" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The image a run uses: {@code override} when given (it must be present in the engine), else the
   * default image, built now when the engine lacks it. Progress lines go to {@code progress}.
   */
  public static String ensure(Optional<String> override, Consumer<String> progress) {
    DockerClient client = DockerEngine.client();
    if (override.isPresent()) {
      if (!present(client, override.get())) {
        throw new EnvironmentUnavailableException("docker: image " + override.get() + " is not present in the engine");
      }
      return override.get();
    }
    String image = defaultImage();
    if (present(client, image)) return image;
    // One build per machine at a time: a second run waits for the first and then finds the image.
    Path lock = Path.of(System.getProperty("java.io.tmpdir"), BUILD_PREFIX + image.replace('/', '-').replace(':', '-') + ".lock");
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock ignored = channel.lock()) {
      if (present(client, image)) return image;
      build(client, image, progress);
      return image;
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("docker: cannot lock " + lock + ": " + e.getMessage());
    }
  }

  static boolean present(DockerClient client, String image) {
    try {
      DockerEngine.within(CALL_TIMEOUT, "inspect image " + image, () -> client.inspectImageCmd(image).exec());
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static void build(DockerClient client, String image, Consumer<String> progress) {
    String debootstrap = program("debootstrap", "/usr/sbin/debootstrap");
    if (!RunOwner.currentUser().equals("0")) {
      throw new EnvironmentUnavailableException("docker: building image " + image + " runs debootstrap, which needs root");
    }
    String mirror = Optional.ofNullable(System.getenv(MIRROR_VARIABLE)).filter(m -> !m.isBlank()).orElse(DEFAULT_MIRROR);
    Path folder;
    try {
      folder = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), BUILD_PREFIX);
      ProcessHandle self = ProcessHandle.current();
      Files.writeString(folder.resolve(BUILDER_FILE), self.pid() + " " + startOf(self) + "\n");
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("docker: cannot make a build folder: " + e.getMessage());
    }
    try {
      Path root = folder.resolve("root");
      progress.accept("image " + image + ": debootstrap " + SUITE + " (" + VARIANT + ") from " + mirror + " into " + root);
      List<String> command = List.of(debootstrap, "--variant=" + VARIANT, "--include=" + String.join(",", PACKAGES),
          SUITE, root.toString(), mirror);
      int code = runWithProgress(command, DEBOOTSTRAP_TIMEOUT, progress);
      if (code != 0) {
        throw new EnvironmentUnavailableException("docker: debootstrap failed (exit " + code + ") building image " + image
            + "; its log: " + root.resolve("debootstrap/debootstrap.log"));
      }
      // The packages' downloaded .deb files are not needed in the image.
      deleteChildren(root.resolve("var/cache/apt/archives"), ".deb");
      progress.accept("image " + image + ": importing into the engine");
      importRoot(root, image, progress);
      progress.accept("image " + image + ": ready");
    } finally {
      removeBuildFolder(folder);
    }
  }

  /**
   * The root as a tar file (numeric owners, as installed) beside it, imported with the docker CLI:
   * docker-java's import sends a body the engine reads as cut short ("unexpected EOF"), and the
   * CLI is installed with the engine (scripts/bootstrap docker).
   */
  private static void importRoot(Path root, String image, Consumer<String> progress) {
    Path archive = root.resolveSibling("root.tar");
    int code = runWithProgress(List.of(program("tar", "/usr/bin/tar"), "--numeric-owner", "-C", root.toString(),
        "-cf", archive.toString(), "."), IMPORT_TIMEOUT, line -> {});
    if (code != 0) throw new EnvironmentUnavailableException("docker: tar of the image's root failed (exit " + code + ") building " + image);
    code = runWithProgress(List.of(program("docker", "/usr/bin/docker"), "import",
        "--change", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "--change", "LABEL dev.faultline.recipe=" + RECIPE_VERSION,
        archive.toString(), image), IMPORT_TIMEOUT, progress);
    if (code != 0) throw new EnvironmentUnavailableException("docker: docker import failed (exit " + code + ") building " + image);
  }

  /**
   * Runs a command, its output passed on as progress: debootstrap's phases as they come, and its
   * many per-package lines as a count every 50.
   */
  private static int runWithProgress(List<String> command, Duration timeout, Consumer<String> progress) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("docker: cannot run " + command.get(0) + ": " + e.getMessage());
    }
    String name = Path.of(command.get(0)).getFileName() + ": ";
    Thread reader = Thread.ofVirtual().start(() -> {
      int steps = 0;
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.matches("I: (Retrieving|Validating) \\S+ \\S+|I: (Extracting|Unpacking|Configuring) \\S+\\.\\.\\.")) {
            if (++steps % 50 == 0) progress.accept(name + steps + " package steps");
          } else {
            progress.accept(name + line.replaceFirst("^I: ", ""));
          }
        }
      } catch (IOException e) {
        // the process ended; its exit code says how
      }
    });
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new EnvironmentUnavailableException("docker: " + command.get(0) + " did not end within " + timeout.toMinutes() + " min");
      }
      reader.join(Duration.ofSeconds(10));
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new EnvironmentUnavailableException("docker: interrupted running " + command.get(0));
    }
  }

  /** Build folders whose builder (pid and start time, in the folder) is gone, removed; the ones removed. */
  static List<Path> removeDeadBuildFolders() {
    List<Path> removed = new ArrayList<>();
    Path temporary = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(temporary, BUILD_PREFIX + "*")) {
      for (Path folder : folders) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) || !ownedByUs(folder)) continue;
        if (builderAlive(folder)) continue;
        removeBuildFolder(folder);
        removed.add(folder);
      }
    } catch (IOException e) {
      // no temporary directory to sweep
    }
    return removed;
  }

  private static boolean ownedByUs(Path folder) {
    try {
      return Files.getAttribute(folder, "unix:uid", LinkOption.NOFOLLOW_LINKS).toString().equals(RunOwner.currentUser());
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean builderAlive(Path folder) {
    String[] builder;
    try {
      builder = Files.readString(folder.resolve(BUILDER_FILE)).strip().split(" ");
    } catch (IOException e) {
      // A folder this moment made has no builder file yet: judged by its age.
      try {
        return Files.getLastModifiedTime(folder).toMillis() > System.currentTimeMillis() - 60_000;
      } catch (IOException gone) {
        return true;
      }
    }
    try {
      Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(builder[0]));
      return process.isPresent() && process.get().isAlive() && builder.length > 1 && startOf(process.get()).equals(builder[1]);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Removes a build folder. debootstrap mounts /proc (and more) inside the root while it installs;
   * a killed one leaves them mounted, so mounts below the folder are undone first and the removal
   * never crosses into another file system.
   */
  static void removeBuildFolder(Path folder) {
    String prefix = folder.toAbsolutePath() + "/";
    try {
      List<String> mounts = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && fields[4].startsWith(prefix)) mounts.add(fields[4]);
      }
      mounts.sort(Comparator.comparingInt(String::length).reversed());
      for (String mount : mounts) run(List.of("umount", "-l", mount));
    } catch (IOException e) {
      // no mount table: nothing was mounted here that we can see
    }
    run(List.of("rm", "-rf", "--one-file-system", "--", folder.toString()));
  }

  private static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(5, TimeUnit.MINUTES)) process.destroyForcibly();
    } catch (IOException e) {
      // left for the next sweep
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteChildren(Path folder, String suffix) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + suffix)) {
      for (Path file : files) Files.deleteIfExists(file);
    } catch (IOException e) {
      // a larger image, not a broken one
    }
  }

  private static String program(String name, String usual) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name).toString();
    }
    if (Files.isExecutable(Path.of(usual))) return usual;
    throw new EnvironmentUnavailableException("docker: " + name + " not found; run scripts/bootstrap docker to install it");
  }

  private static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(instant -> Long.toString(instant.toEpochMilli())).orElse("");
  }

  /**
   * Makes (or finds) the image and prints its name: {@code scripts/docker-image [--image NAME]}.
   * Progress goes to stderr, with the seconds it took. Exit 0, 64 on bad usage, 69 when no image
   * can be had.
   */
  public static void main(String[] args) {
    Optional<String> override = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--image" -> {
          if (i + 1 >= args.length || args[i + 1].isBlank()) usage("--image needs a name");
          override = Optional.of(args[++i]);
        }
        case "-h", "--help" -> {
          System.out.println("usage: scripts/docker-image [--image NAME]\n"
              + "Builds faultline's server image from Debian's packages (debootstrap) unless the engine has it,\n"
              + "and prints its name; with --image, checks that NAME is present instead.");
          return;
        }
        default -> usage("unknown argument '" + args[i] + "'");
      }
    }
    long started = System.nanoTime();
    try {
      String image = ensure(override, line -> System.err.printf("[%5.1f s] %s%n", (System.nanoTime() - started) / 1e9, line));
      System.err.printf("docker-image: %s in %.1f s%n", image, (System.nanoTime() - started) / 1e9);
      System.out.println(image);
    } catch (EnvironmentUnavailableException e) {
      System.err.println("docker-image: " + e.getMessage());
      System.exit(69);
    }
  }

  private static void usage(String problem) {
    System.err.println("docker-image: " + problem + " (usage: scripts/docker-image [--image NAME])");
    System.exit(64);
  }
}
