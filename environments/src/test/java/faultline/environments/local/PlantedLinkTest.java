package faultline.environments.local;

import faultline.environments.nodes.PostgresNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.environments.Endpoint;
import faultline.environments.Role;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * As root, faultline writes in PostgreSQL's data folder, which another user (postgres; here
 * {@code nobody}, through setpriv) may write too. A {@code standby.signal} link planted there
 * must not make root give that user the file it points at.
 */
class PlantedLinkTest {
  private final List<Path> made = new ArrayList<>();
  private RunRegistry registry;

  @BeforeEach
  void asRootWithSetpriv() {
    Nobody.assumeWeCanBecomeIt();
  }

  @AfterEach
  void cleanUp() {
    if (registry != null) registry.delete();
    made.forEach(Directories::deleteRecursively);
  }

  @Test
  void aStandbySignalLinkIsNotFollowed() throws Exception {
    Path run = RunFolders.create("planted-link");
    made.add(run);
    registry = RunRegistry.create(run);
    PostgresNode node = new PostgresNode("n2", Role.REPLICA, new Endpoint("127.0.0.1", 1),
        new LocalHost("n2", "127.0.0.1", run, registry::processStarted), LocalPrograms.postgres(null), Duration.ofSeconds(1));
    Path data = Directories.create(node.dataDirectory());
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx")); // another user's to write in
    Path precious = rootsFile(run);
    Nobody.must("ln", "-s", precious.toString(), data.resolve("standby.signal").toString());

    node.createStandbySignal();

    assertThat(data.resolve("standby.signal")).isSymbolicLink();
    assertUntouched(precious);
  }

  @Test
  void givingAwayALinkIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("faultline-planted-");
    made.add(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path precious = rootsFile(dir);
    Path link = dir.resolve("data");
    Nobody.must("ln", "-s", precious.toString(), link.toString());

    assertThatThrownBy(() -> Directories.giveTo(link, "nobody")).isInstanceOf(UncheckedIOException.class);

    assertUntouched(precious);
  }

  /** Deleting a data folder removes the links another user put in it, never what they point to. */
  @Test
  void deletingAFolderRemovesItsLinksNotTheirTargets() throws Exception {
    Path dir = Files.createTempDirectory("faultline-planted-");
    made.add(dir);
    Path precious = rootsFile(dir);
    Path keep = Files.createDirectory(dir.resolve("keep"));
    Files.writeString(keep.resolve("inside"), "root's too");
    Path data = Files.createDirectories(dir.resolve("n1/data/base"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path p : List.of(dir.resolve("n1"), dir.resolve("n1/data"), data)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    Nobody.must("ln", "-s", precious.toString(), data.resolve("file-link").toString());
    Nobody.must("ln", "-s", keep.toString(), data.resolve("folder-link").toString());

    Directories.deleteRecursively(dir.resolve("n1/data"));

    assertThat(dir.resolve("n1/data")).doesNotExist();
    assertUntouched(precious);
    assertThat(keep.resolve("inside")).hasContent("root's too");
  }

  private static Path rootsFile(Path dir) throws Exception {
    Path precious = Files.writeString(dir.resolve("precious"), "root's own");
    Files.setPosixFilePermissions(precious, PosixFilePermissions.fromString("rw-------"));
    return precious;
  }

  private static void assertUntouched(Path precious) throws Exception {
    assertThat(Files.getOwner(precious, LinkOption.NOFOLLOW_LINKS).getName()).isEqualTo("root");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(precious))).isEqualTo("rw-------");
  }
}
