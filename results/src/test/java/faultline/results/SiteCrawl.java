package faultline.results;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Browses a static site from file:// in headless Chromium, from its index, following every link:
 * each page opened, its console read, each link and each src checked. What it found wrong is in
 * {@link #problems()}: a broken link, a link that is not relative (a scheme, or a leading slash,
 * which a static host would resolve elsewhere), a missing anchor, a console error, or a page on
 * which a script planted by a hostile value ran (it would set {@code window.pwned}).
 */
public final class SiteCrawl {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private final List<String> problems = new ArrayList<>();
  private final Set<Path> pages = new LinkedHashSet<>();
  private final Set<Path> files = new LinkedHashSet<>();

  private SiteCrawl() {}

  public static SiteCrawl of(HeadlessChromium chromium, Path site) throws Exception {
    SiteCrawl crawl = new SiteCrawl();
    Path root = site.toRealPath();
    Deque<Path> queue = new ArrayDeque<>(List.of(root.resolve("index.html")));
    crawl.pages.add(root.resolve("index.html"));
    while (!queue.isEmpty()) {
      Path page = queue.poll();
      String name = root.relativize(page).toString();
      chromium.open(page.toUri().toString());
      for (String error : chromium.consoleErrors()) crawl.problems.add(name + ": console error " + error);
      if (!Boolean.FALSE.equals(chromium.script("return window.pwned !== undefined"))) crawl.problems.add(name + ": a planted script ran");
      @SuppressWarnings("unchecked")
      List<String> hrefs = (List<String>) chromium.script("return [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))");
      @SuppressWarnings("unchecked")
      List<String> srcs = (List<String>) chromium.script("return [...document.querySelectorAll('[src]')].map(e => e.getAttribute('src'))");
      for (String src : srcs) {
        if (!src.startsWith("data:")) crawl.check(root, page, name, src, queue);
      }
      for (String href : hrefs) {
        if (href.startsWith("#")) {
          if (!Boolean.TRUE.equals(chromium.script("return document.getElementById(arguments[0]) !== null", href.substring(1)))) {
            crawl.problems.add(name + ": no anchor " + href);
          }
        } else {
          crawl.check(root, page, name, href, queue);
        }
      }
    }
    return crawl;
  }

  private void check(Path root, Path page, String name, String link, Deque<Path> queue) throws Exception {
    if (SCHEME.matcher(link).find() || link.startsWith("/")) {
      problems.add(name + ": not a relative link: " + link);
      return;
    }
    int hash = link.indexOf('#');
    String path = hash < 0 ? link : link.substring(0, hash);
    Path target = page.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
    if (!target.startsWith(root) || !Files.isRegularFile(target)) {
      problems.add(name + ": broken link " + link);
      return;
    }
    if (hash >= 0 && !Files.readString(target).contains("id=\"" + link.substring(hash + 1) + "\"")) {
      problems.add(name + ": no anchor " + link);
    }
    if (target.toString().endsWith(".html")) {
      if (pages.add(target)) queue.add(target);
    } else {
      files.add(target);
    }
  }

  public List<String> problems() {
    return problems;
  }

  /** Every page opened, the index first. */
  public Set<Path> pages() {
    return pages;
  }

  /** Every other file linked (histories, plots, results). */
  public Set<Path> files() {
    return files;
  }
}
