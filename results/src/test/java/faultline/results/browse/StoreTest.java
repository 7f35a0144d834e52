package faultline.results.browse;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.Verdict;
import faultline.results.RunFixtures;
import faultline.results.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
