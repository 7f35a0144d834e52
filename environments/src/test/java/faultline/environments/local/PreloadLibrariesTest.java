package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.EnvironmentUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache of preload libraries: a library is built once and reused, and a folder or library
 * someone else could have written is refused, never loaded into a server (which root may start).
 */
class PreloadLibrariesTest {
  @TempDir Path dir;

  @AfterEach
  void forgetTheCache() {
    System.clearProperty(PreloadLibraries.CACHE_PROPERTY);
  }

  private Path cache(String name) {
    Path cache = dir.resolve(name);
    System.setProperty(PreloadLibraries.CACHE_PROPERTY, cache.toString());
    return cache;
  }

  @Test
  void aLibraryIsBuiltOnceReadableByAllAndReused() throws Exception {
    Path cache = cache("cache");
    Path library = PreloadLibraries.diskStall();
    assertThat(library.getParent()).isEqualTo(cache);
    assertThat(library.getFileName().toString()).matches("disk-stall-[0-9a-f]{16}\\.so");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwxr-xr-x");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(library))).isEqualTo("rwxr-xr-x");
    FileTime built = Files.getLastModifiedTime(library);
    assertThat(PreloadLibraries.diskStall()).isEqualTo(library);
    assertThat(Files.getLastModifiedTime(library)).as("not built again").isEqualTo(built);
    try (var files = Files.list(cache)) {
      assertThat(files.map(p -> p.getFileName().toString())).as("no build folder left").noneMatch(n -> n.contains("-build-"));
    }
  }

  @Test
  void aCacheOthersMayWriteIsRefused() throws Exception {
    Path cache = Files.createDirectory(cache("open"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(PreloadLibraries::diskStall).isInstanceOf(EnvironmentUnavailableException.class)
        .hasMessageContaining(cache + " is writable by other users (rwxrwxrwx); refusing to load it into servers");
  }

  @Test
  void aCacheThatIsALinkIsRefused() throws Exception {
    Path real = Files.createDirectory(dir.resolve("real"));
    Path cache = cache("link");
    Files.createSymbolicLink(cache, real);
    assertThatThrownBy(PreloadLibraries::diskStall).isInstanceOf(EnvironmentUnavailableException.class)
        .hasMessageContaining(cache + " is not a folder (or is a link)");
  }

  /** A library planted by another user (here: nobody) under the name faultline would build is not loaded. */
  @Test
  void aLibraryAnotherUserOwnsIsRefused() throws Exception {
    Assumptions.assumeTrue(PostgresUser.weAreRoot(), "only root can give a file to another user");
    Path cache = cache("planted");
    Path library = PreloadLibraries.diskStall();
    Files.setOwner(library, library.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
    assertThatThrownBy(PreloadLibraries::diskStall).isInstanceOf(EnvironmentUnavailableException.class)
        .hasMessageContaining(library + " is owned by uid");
    assertThat(cache).isDirectory();
  }
}
