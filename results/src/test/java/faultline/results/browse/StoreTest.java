package faultline.results.browse;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.results.RunFixtures;
import faultline.results.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serve lists and reads the store's own run folders only: links out of it are neither listed nor read. */
class StoreTest {
  @TempDir Path store;
  @TempDir Path outside;

  @Test
  void aRunFolderThatIsALinkOutOfTheStoreIsNotListed() throws Exception {
    RunFolder run = RunFixtures.registerRun(store, "valid-register", 200, 5, false, 7);
    Path elsewhere = Files.createDirectories(outside.resolve("secret-run"));
    Files.writeString(elsewhere.resolve("results.json"), "{\"valid\": false}");
    Files.createSymbolicLink(run.directory().resolveSibling("20990101T000000.000"), elsewhere);

    assertThat(new Store(store).runs()).singleElement().satisfies(r -> assertThat(r.directory()).isEqualTo(run.directory()));
  }

  @Test
  void aRunsFileThatIsALinkIsNotRead() throws Exception {
    RunFolder run = RunFixtures.registerRun(store, "valid-register", 200, 5, false, 7);
    Path secret = Files.writeString(outside.resolve("results.json"), "{\"valid\": false}");
    Path results = run.directory().resolve("results.json");
    Files.deleteIfExists(results);
    Files.createSymbolicLink(results, secret);

    StoredRun listed = new Store(store).runs().get(0);
    assertThat(listed.verdict()).isNotEqualTo(Verdict.INVALID).isNull();
    assertThat(listed.has("results.json")).isFalse();
  }

  /** serve answers every local user: under nodes/, only what the file system lets anyone read. */
  @Test
  void theServersSecretsAreNotServed() throws Exception {
    RunFolder run = RunFixtures.registerRun(store, "valid-register", 200, 5, false, 7);
    Files.setPosixFilePermissions(store, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path nodes = Files.createDirectories(run.directory().resolve("nodes"));
    Path password = Files.writeString(nodes.resolve("password"), "secret");
    Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
    Path redis = Files.createDirectories(nodes.resolve("n1"));
    Files.writeString(redis.resolve("redis.conf"), "requirepass secret");
    Files.writeString(redis.resolve("n1.log"), "log");
    Files.setPosixFilePermissions(redis, PosixFilePermissions.fromString("rwx------"));
    Path postgres = Files.createDirectories(nodes.resolve("n2"));
    Path log = Files.writeString(postgres.resolve("n2.log"), "log");
    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
    Store s = new Store(store);
    String prefix = store.relativize(run.directory()) + "/";

    assertThat(s.file(prefix + "nodes/password")).isEmpty();
    assertThat(s.file(prefix + "nodes/n1/redis.conf")).isEmpty();
    assertThat(s.file(prefix + "nodes/n1/n1.log")).isEmpty();
    assertThat(s.file(prefix + "nodes/n2/n2.log")).isPresent();
    assertThat(s.file(prefix + "test.json")).isPresent();
  }
}
