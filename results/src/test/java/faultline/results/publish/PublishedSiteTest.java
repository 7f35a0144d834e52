package faultline.results.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.results.HeadlessChromium;
import faultline.results.RunFixtures;
import faultline.results.RunFolder;
import faultline.results.SiteCrawl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * faultline publish over a store of run folders made by the real checkers (RunFixtures): two runs
 * of one scenario configured differently, a stale read, a write skew, and values a hostile history
 * might carry. The site is browsed in headless Chromium from its index, every link followed.
 */
class PublishedSiteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOSTILE = "<!--<script>window.pwned=1</script>";

  @TempDir Path dir;

  /** The store: register (two runs, the second reading from the primary with appendfsync always, and a stale read), write-skew, hostile-values. */
  private Path store() throws Exception {
    Path store = dir.resolve("store");
    setting(RunFixtures.registerRun(store, "register", 400, 4, false, 1), "durability", "appendonly yes, appendfsync everysec");
    RunFolder second = RunFixtures.registerRun(store, "register", 400, 4, true, 2);
    setting(second, "read-from", "primary");
    setting(second, "durability", "appendonly yes, appendfsync always");
    RunFixtures.writeSkewRun(store, "x");
    RunFixtures.hostileValuesRun(store, HOSTILE, "a|b&c\u2028<b>");
    return store;
  }

  /** Sets one line of the run's test.json, as a run with that option would have written it. */
  private static void setting(RunFolder run, String key, Object value) throws Exception {
    Map<String, Object> test = JSON.readValue(run.testFile().toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
    test.put(key, value);
    run.writeTest(test);
  }

  @Test
  void theSiteOfAStoreIsBrowsedLinkByLinkWithoutABrokenLinkOrAConsoleError() throws Exception {
    Path store = store();
    Path site = dir.resolve("site");
    PublishedSite.Published published = PublishedSite.publish(store, site, new PublishedSite.Selection(Set.of(), false));
    assertThat(published.scenarios()).isEqualTo(3);
    assertThat(published.runs()).isEqualTo(4);
    assertThat(published.findings()).as("the stale read, the write skew, the hostile stale read").isEqualTo(3);
    assertThat(published.comparisons()).isEqualTo(1);
    assertThat(published.skipped()).isEmpty();
    assertThat(site.resolve(SiteFolder.MARK)).isRegularFile();

    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      SiteCrawl crawl = SiteCrawl.of(chromium, site);
      assertThat(crawl.problems()).isEmpty();
      // index, 4 reports, 3 findings, 1 comparison
      assertThat(crawl.pages()).hasSize(9);
      assertThat(crawl.files()).extracting(p -> p.getFileName().toString())
          .contains("history.jsonl", "results.json", "test.json", "junit.xml", "summary.md", "latency.png", "throughput.png");

      chromium.open(site.resolve("index.html").toUri().toString());
      @SuppressWarnings("unchecked")
      List<List<String>> rows = (List<List<String>>) chromium.script("""
          return [...document.querySelectorAll('#scenarios tr.scenario')].map(r => [...r.cells].map(c => c.textContent));
          """);
      assertThat(rows).extracting(r -> r.get(0)).containsExactly("hostile-values", "register", "write-skew");
      List<String> register = rows.get(1);
      assertThat(register.get(1)).contains("linearizable (register): INVALID");
      assertThat(register.get(2)).isEqualTo("2");
      assertThat(register.get(3)).isEqualTo("1");
      assertThat(rows.get(2).get(1)).contains("model serializable: INVALID");

      // The stale read's finding: the explanation, the witness, the faults, the configuration and the command.
      chromium.open(site.resolve("findings/register").toFile().listFiles()[0].toURI().toString());
      assertThat(chromium.script("return document.querySelector('pre.explanation').textContent").toString()).contains("can't read 1 from register 2");
      assertThat(chromium.script("return document.querySelectorAll('table.witness tr.anomaly').length")).isEqualTo(1L);
      assertThat(chromium.script("return document.getElementById('faults').textContent").toString())
          .contains("configured: partition-halves every 2 s", "partition from");
      assertThat(chromium.script("return document.getElementById('configuration-line').textContent").toString())
          .contains("register workload, client redis-lua-cas", "appendfsync always", "reads from primary");
      assertThat(chromium.script("return document.getElementById('reproduce').textContent").toString())
          .startsWith("bin/faultline run --scenario register --nemesis partition-halves").contains("--read-from primary", "--seed 2");

      // The comparison says which lines differ, and that the verdict did.
      Path compare;
      try (Stream<Path> pages = Files.list(site.resolve("compare/register"))) {
        compare = pages.findFirst().orElseThrow();
      }
      chromium.open(compare.toUri().toString());
      String configuration = chromium.script("return document.getElementById('configuration').textContent").toString();
      assertThat(configuration).contains("durability", "appendfsync everysec", "appendfsync always", "read-from").doesNotContain("seed");
      assertThat(chromium.script("return document.getElementById('verdicts').textContent").toString()).contains("validINVALID");
    }
    // The hostile values reach the pages only escaped.
    String finding = Files.readString(site.resolve("findings/hostile-values").toFile().listFiles()[0].toPath());
    assertThat(finding).doesNotContain(HOSTILE).contains("&lt;!--&lt;script&gt;window.pwned=1&lt;/script&gt;");
  }

  @Test
  void theCrawlFindsABrokenLink() throws Exception {
    Path site = dir.resolve("site");
    PublishedSite.publish(store(), site, new PublishedSite.Selection(Set.of("write-skew"), true));
    try (Stream<Path> files = Files.walk(site)) {
      Files.delete(files.filter(p -> p.getFileName().toString().equals("summary.md")).findFirst().orElseThrow());
    }
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      assertThat(SiteCrawl.of(chromium, site).problems()).singleElement().asString().contains("report.html: broken link summary.md");
    }
  }

  @Test
  void latestOnlyAndByNameChooseTheRuns() throws Exception {
    Path store = store();
    PublishedSite.Published latest = PublishedSite.publish(store, dir.resolve("latest"), new PublishedSite.Selection(Set.of(), true));
    assertThat(latest.runs()).isEqualTo(3);
    assertThat(latest.comparisons()).isZero();
    PublishedSite.Published named = PublishedSite.publish(store, dir.resolve("named"), new PublishedSite.Selection(Set.of("register"), false));
    assertThat(named.scenarios()).isEqualTo(1);
    assertThat(named.runs()).isEqualTo(2);
    assertThat(dir.resolve("named/runs/write-skew")).doesNotExist();
    assertThatThrownBy(() -> PublishedSite.publish(store, dir.resolve("none"), new PublishedSite.Selection(Set.of("no-such-test"), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-such-test");
    assertThat(dir.resolve("none")).doesNotExist();
  }

  @Test
  void severalStoresMakeOneSiteAndARunInTwoIsPublishedOnce() throws Exception {
    // Two CI jobs' stores: the write skew moved to the second, which also holds a copy of a register run.
    Path first = store();
    Path second = Files.createDirectories(dir.resolve("job-2"));
    Files.move(first.resolve("write-skew"), second.resolve("write-skew"));
    Path register;
    try (Stream<Path> runs = Files.list(first.resolve("register"))) {
      register = runs.sorted().findFirst().orElseThrow();
    }
    Path copy = Files.createDirectories(second.resolve("register").resolve(register.getFileName()));
    try (Stream<Path> files = Files.list(register)) {
      for (Path f : files.toList()) if (Files.isRegularFile(f)) Files.copy(f, copy.resolve(f.getFileName()));
    }
    PublishedSite.Published p = PublishedSite.publish(List.of(first, second), dir.resolve("site"), new PublishedSite.Selection(Set.of(), false));
    assertThat(p.scenarios()).isEqualTo(3);
    assertThat(p.runs()).isEqualTo(4);
    assertThat(p.skipped()).singleElement().asString()
        .startsWith("register/" + register.getFileName() + ": also in " + first);
    assertThat(dir.resolve("site/runs/write-skew")).isDirectory();
    assertThatThrownBy(() -> PublishedSite.publish(List.of(first, dir.resolve("no-store")), dir.resolve("other"), new PublishedSite.Selection(Set.of(), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no-store: no such store");
    assertThat(dir.resolve("other")).doesNotExist();
  }

  @Test
  void aFolderOfTheUsersOrALinkIsRefusedAndAnEarlierSiteIsReplacedWhole() throws Exception {
    Path store = store();
    Path mine = Files.createDirectory(dir.resolve("mine"));
    Files.writeString(mine.resolve("index.html"), "my own page");
    assertThatThrownBy(() -> PublishedSite.publish(store, mine, new PublishedSite.Selection(Set.of(), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
    assertThat(Files.readString(mine.resolve("index.html"))).isEqualTo("my own page");

    Path site = dir.resolve("site");
    PublishedSite.publish(store, site, new PublishedSite.Selection(Set.of(), false));
    Path link = Files.createSymbolicLink(dir.resolve("link"), site);
    assertThatThrownBy(() -> PublishedSite.publish(store, link, new PublishedSite.Selection(Set.of(), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a link");

    assertThatThrownBy(() -> PublishedSite.publish(store, store.resolve("site"), new PublishedSite.Selection(Set.of(), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not hold one another");
    assertThat(store.resolve("site")).doesNotExist();

    // Below a folder every user may write (not sticky), another user could swap the site for a link once checked.
    Path open = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    assertThatThrownBy(() -> PublishedSite.publish(store, open.resolve("site"), new PublishedSite.Selection(Set.of(), false)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(open + " is writable by other users");
    try (Stream<Path> inOpen = Files.list(open)) {
      assertThat(inOpen).isEmpty();
    }
    Files.delete(open);

    // Published again with fewer runs: nothing of the earlier site is left, nothing beside it either.
    PublishedSite.publish(store, site, new PublishedSite.Selection(Set.of("write-skew"), false));
    assertThat(site.resolve("runs/register")).doesNotExist();
    assertThat(site.resolve("runs/write-skew")).isDirectory();
    try (Stream<Path> beside = Files.list(dir)) {
      assertThat(beside.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("store", "mine", "site", "link");
    }
  }

  @Test
  void aRunWhoseFilesAreLinksIsNotPublished() throws Exception {
    Path store = store();
    Path secret = Files.writeString(dir.resolve("secret.txt"), "not for the site");
    RunFolder linked = RunFixtures.writeSkewRun(store, "w");
    Files.delete(linked.history());
    Files.createSymbolicLink(linked.history(), secret);
    Path site = dir.resolve("site");
    PublishedSite.Published published = PublishedSite.publish(store, site, new PublishedSite.Selection(Set.of("write-skew"), false));
    assertThat(published.skipped()).singleElement().asString().contains("history.jsonl is a link");
    try (Stream<Path> files = Files.walk(site)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> {
        try {
          return Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      })).noneMatch(text -> text.contains("not for the site"));
    }
  }
}
