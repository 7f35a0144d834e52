package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redis of a chosen version, for {@code --redis-version}: a folder holding {@code redis-server}
 * (which runs the sentinels too), or the installed one's version number. faultline fetches no
 * Redis: unlike PostgreSQL's, Redis's builds are published nowhere it can reach here and check
 * (Maven Central holds none of Redis's own), so any other version comes as a folder a user built.
 */
public final class RedisVersions {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
  private static final Pattern SAYS = Pattern.compile("v=(\\S+)");

  private RedisVersions() {}

  /**
   * The folder to run redis-server from, or null for the installed one (when {@code given} is its
   * version).
   *
   * @throws IllegalArgumentException for what is neither a version nor a folder holding redis-server
   * @throws EnvironmentUnavailableException for a version other than the installed one's
   */
  public static Path programs(String given) {
    if (check(given) != null) return folder(given);
    String installed = installedVersion();
    if (installed.equals(given) || installed.startsWith(given + ".")) return null;
    throw new EnvironmentUnavailableException("--redis-version " + given + ": faultline fetches no Redis, and the installed redis-server is "
        + installed + "; give a folder holding another redis-server, or leave --redis-version out");
  }

  /** Checks what --redis-version was given, before anything starts: the folder, or null for a version number. */
  public static Path check(String given) {
    if (given.contains("/")) return folder(given);
    if (!VERSION.matcher(given).matches()) {
      throw new IllegalArgumentException("--redis-version " + given + ": not a Redis version (for example 7.0.15) nor a folder holding redis-server");
    }
    return null;
  }

  /** A folder given to --redis-version, checked to hold redis-server; else bad input. */
  public static Path folder(String given) {
    Path folder = Path.of(given).toAbsolutePath();
    if (!Files.isExecutable(folder.resolve("redis-server"))) {
      throw new IllegalArgumentException("--redis-version " + given + ": no redis-server there");
    }
    return folder;
  }

  /** What the installed redis-server says of itself ({@code redis-server --version}: "v=7.0.15"). */
  static String installedVersion() {
    Path server = Binaries.redisServer();
    try {
      Process p = new ProcessBuilder(server.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
      Matcher m = SAYS.matcher(out);
      if (!m.find()) throw new EnvironmentUnavailableException(server + " --version does not say its version: " + out.strip());
      return m.group(1);
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("cannot run " + server + " --version: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentUnavailableException("interrupted while asking " + server + " its version");
    }
  }
}
