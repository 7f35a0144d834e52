package faultline.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
  @TempDir Path store;

  @Test
  void aRunGetsItsTimestampedFolderAndLatestFollowsTheNewest() throws Exception {
    LocalDateTime at = LocalDateTime.of(2025, 3, 1, 12, 30, 5, 123_000_000);
    RunFolder first = RunFolder.create(store, "redis-counter-incr", at);
    assertThat(first.directory()).isEqualTo(store.resolve("redis-counter-incr/20250301T123005.123"));
    assertThat(store.resolve("latest").toRealPath()).isEqualTo(first.directory().toRealPath());

    RunFolder second = RunFolder.create(store, "redis-counter-incr", at);
    assertThat(second.directory()).isNotEqualTo(first.directory());
    assertThat(Files.readSymbolicLink(store.resolve("latest"))).isEqualTo(Path.of("redis-counter-incr/20250301T123005.123-1"));
  }

  @Test
  void testAndResultsAreJson() throws Exception {
    RunFolder run = RunFolder.create(store, "t", LocalDateTime.now());
    run.writeTest(Map.of("seed", 42));
    run.writeResults(Map.of("valid", true));
    assertThat(Files.readString(run.testFile())).contains("\"seed\" : 42");
    assertThat(Files.readString(run.resultsFile())).contains("\"valid\" : true");
  }

  @Test
  void aTestNameCannotLeaveTheStore() {
    assertThatThrownBy(() -> RunFolder.create(store, "../x", LocalDateTime.now())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aUsersFileNamedLatestIsRefusedBeforeAnythingIsMadeAndKept() throws Exception {
    Path latest = store.resolve("latest");
    Files.writeString(latest, "my notes\n");
    assertThatThrownBy(() -> RunFolder.create(store, "t", LocalDateTime.now()))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(latest.toString()).hasMessageContaining("not a link");
    assertThat(Files.readString(latest)).isEqualTo("my notes\n");
    assertThat(listing(store)).containsExactly("latest");
  }

  @Test
  void aFolderNamedLatestIsRefusedAndNothingIsLeftBehind() throws Exception {
    Path latest = Files.createDirectory(store.resolve("latest"));
    Files.writeString(latest.resolve("kept.txt"), "x");
    assertThatThrownBy(() -> RunFolder.create(store, "t", LocalDateTime.now()))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(latest.toString()).hasMessageContaining("folder");
    assertThat(listing(store)).containsExactly("latest"); // no .latest-<pid> link, no empty run folder
    assertThat(listing(latest)).containsExactly("kept.txt");
  }

  private static java.util.List<String> listing(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
