package faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.cli.CheckCommandTest.Run;
import faultline.results.HeadlessChromium;
import faultline.results.SiteCrawl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * faultline compare and faultline publish over real runs against a real Redis: redis-counter-incr
 * with appendfsync everysec and then always (valid both times), and redis-counter-rmw (lost
 * updates). compare reads the durability line at a glance; the site is browsed link by link.
 */
class PublishCommandTest {
  @TempDir static Path dir;
  static Path store;

  @BeforeAll
  static void runs() {
    store = dir.resolve("store");
    for (String fsync : new String[] {"everysec", "always"}) {
      Run r = CheckCommandTest.run("run", "--scenario", "redis-counter-incr", "--time-limit=3", "--appendfsync", fsync, "--store", store.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.VALID);
    }
    Run r = CheckCommandTest.run("run", "--scenario", "redis-counter-rmw", "--time-limit=3", "--store", store.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.ANOMALY);
  }

  private static Path[] runsOf(String test) throws Exception {
    try (Stream<Path> runs = Files.list(store.resolve(test))) {
      return runs.sorted().toArray(Path[]::new);
    }
  }

  @Test
  void compareSaysWhichConfigurationLinesDiffer() throws Exception {
    Path[] incr = runsOf("redis-counter-incr");
    Run r = CheckCommandTest.run("compare", incr[0].toString(), incr[1].toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.VALID);
    assertThat(r.out()).contains("verdicts: the same", "configuration lines that differ (A against B):",
        "  durability: appendonly yes, appendfsync everysec against appendonly yes, appendfsync always",
        "also differ, as between any two runs: ", "seed");

    Path rmw = runsOf("redis-counter-rmw")[0];
    Run other = CheckCommandTest.run("compare", incr[1].toString(), rmw.toString());
    assertThat(other.code()).isEqualTo(ExitCode.VALID);
    assertThat(other.out()).contains("verdicts that differ (A against B):", "  counter: valid against INVALID",
        "  client: redis-incrby against redis-get-set");

    // The command that runs B again keeps its appendfsync, which the scenario does not fix.
    assertThat(Files.readString(incr[1].resolve("report.html"))).contains("--appendfsync always");
    assertThat(Files.readString(incr[0].resolve("report.html"))).contains("--appendfsync everysec");

    Run notARun = CheckCommandTest.run("compare", incr[0].toString(), dir.toString());
    assertThat(notARun.code()).isEqualTo(ExitCode.USAGE);
    assertThat(notARun.err().strip()).isEqualTo("faultline: " + dir + ": not a run folder (no results.json)");
  }

  @Test
  void publishWritesASiteThatBrowsesWithoutABrokenLink() throws Exception {
    Path site = dir.resolve("site");
    Run r = CheckCommandTest.run("publish", store.toString(), site.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.VALID);
    assertThat(r.out().strip()).isEqualTo("published 3 runs of 2 scenarios (1 findings, 1 comparisons): " + site.resolve("index.html"));
    try (HeadlessChromium chromium = HeadlessChromium.startOrSkip()) {
      SiteCrawl crawl = SiteCrawl.of(chromium, site);
      assertThat(crawl.problems()).isEmpty();
      assertThat(crawl.pages()).hasSize(6); // index, 3 reports, 1 finding, 1 comparison
      chromium.open(site.resolve("findings/redis-counter-rmw").toFile().listFiles()[0].toURI().toString());
      assertThat(chromium.script("return document.getElementById('reproduce').textContent").toString())
          .startsWith("bin/faultline run --scenario redis-counter-rmw");
      assertThat(chromium.script("return document.querySelector('pre.explanation').textContent").toString()).isNotBlank();
    }
    // --latest, again into the same folder: the earlier site is replaced.
    Run latest = CheckCommandTest.run("publish", "--latest", store.toString(), site.toString());
    assertThat(latest.out()).startsWith("published 2 runs of 2 scenarios (1 findings, 0 comparisons)");
    assertThat(site.resolve("compare")).doesNotExist();
  }

  @Test
  void publishRefusesAFolderOfTheUsers() throws Exception {
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "mine");
    Run r = CheckCommandTest.run("publish", store.toString(), mine.toString());
    assertThat(r.code()).isEqualTo(ExitCode.USAGE);
    assertThat(r.err().lines().toList()).singleElement().asString().contains(mine.toString(), "not empty", ".faultline-site");
    assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("mine");
    Run both = CheckCommandTest.run("publish", "--latest", "--all", store.toString(), dir.resolve("new").toString());
    assertThat(both.code()).isEqualTo(ExitCode.USAGE);
    Run one = CheckCommandTest.run("publish", store.toString());
    assertThat(one.code()).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void publishMakesOneSiteOfSeveralStores() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-store"));
    Path site = dir.resolve("site-of-two");
    Run r = CheckCommandTest.run("publish", "--latest", empty.toString(), store.toString(), site.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.VALID);
    assertThat(r.out()).startsWith("published 2 runs of 2 scenarios");
  }
}
