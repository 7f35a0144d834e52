package faultline.results.publish;

import faultline.results.report.ReportFolder;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * The folder {@code faultline publish} writes: a new or empty one, or one holding an earlier
 * published site (it carries {@link #MARK}). Anything else is the user's and is refused; a link
 * is refused too, whatever it points at, and so are a folder of another user's and one below a
 * folder where another user could swap it for a link ({@link ReportFolder}'s rules). The site is built beside it, in a staging folder of the
 * same parent, and only then takes the folder's place, so a failed publish leaves the earlier
 * site as it was, and no page of an earlier site outlives the one that replaces it.
 */
final class SiteFolder {
  /** Left in every published site, so the next publish may replace it. */
  static final String MARK = ".faultline-site";

  private final Path out;
  private final Path staging;

  private SiteFolder(Path out, Path staging) {
    this.out = out;
    this.staging = staging;
  }

  /** Checks {@code out} and creates the staging folder the site is written into. */
  static SiteFolder open(Path out) throws IOException {
    Path target = out.toAbsolutePath().normalize();
    requireWritable(target);
    Path parent = target.getParent();
    if (parent == null) throw new IllegalArgumentException(out + ": not a folder a site can be written to");
    Files.createDirectories(parent);
    Path staging = Files.createDirectory(parent.resolve("." + target.getFileName() + ".publishing-" + ProcessHandle.current().pid()));
    Files.writeString(staging.resolve(MARK), "a site written by faultline publish; it may replace this folder whole\n");
    return new SiteFolder(target, staging);
  }

  /** Throws, with one line naming the folder, unless a site may be written to {@code dir}. */
  static void requireWritable(Path dir) throws IOException {
    // The site is staged beside OUT and renamed into place: no other user may swap either for a link meanwhile.
    ReportFolder.requireSafeAncestors(dir, dir.toString());
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
    if (Files.isSymbolicLink(dir)) throw new IllegalArgumentException(dir + ": a link; give the folder itself (links are never followed)");
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) throw new IllegalArgumentException(dir + ": a file, not a folder");
    ReportFolder.requireOurs(dir, dir.toString());
    if (Files.isRegularFile(dir.resolve(MARK), LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) return;
    }
    throw new IllegalArgumentException(dir + ": not empty, and holds no earlier site of faultline publish ("
        + MARK + "); give a new or empty folder");
  }

  /** Where the pages are written until {@link #commit}. */
  Path root() {
    return staging;
  }

  /** Puts the staged site in the folder's place; the earlier site, if any, is deleted. */
  void commit() throws IOException {
    requireWritable(out); // again: it may have changed while the site was written
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      Path old = out.resolveSibling("." + out.getFileName() + ".replaced-" + ProcessHandle.current().pid());
      Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      delete(old);
    } else {
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Deletes the staging folder (a publish that failed). */
  void abandon() {
    try {
      delete(staging);
    } catch (IOException ignored) {
      // a leftover dot folder beside OUT; the error that brought us here is the one to report
    }
  }

  /** Deletes a tree without following links: a link is removed, never what it points at. */
  private static void delete(Path tree) throws IOException {
    if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) return;
    Files.walkFileTree(tree, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        if (e != null) throw e;
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
