package faultline.results.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A folder {@code check --report} may write into: a new or empty one, or one holding an earlier
 * faultline report (it carries {@link #MARK}). Anything else is the user's: report.html,
 * summary.md and junit.xml are common names, and writing over them would lose their content.
 */
public final class ReportFolder {
  /** Left in every folder {@code check --report} writes, so the next check may write it again. */
  public static final String MARK = ".faultline-report";

  private ReportFolder() {}

  /** Throws, with one line naming the folder, unless reports may be written into {@code dir}. */
  public static void requireWritable(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--report " + dir + ": a file, not a folder");
    if (Files.isRegularFile(dir.resolve(MARK), LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) return;
    } catch (IOException e) {
      throw new IllegalArgumentException("--report " + dir + ": cannot be read (" + e.getMessage() + ")");
    }
    throw new IllegalArgumentException("--report " + dir + ": not empty, and holds no earlier faultline report; "
        + "give a new or empty folder");
  }

  /** Creates {@code dir} if needed and marks it as holding faultline's reports. */
  public static void claim(Path dir) throws IOException {
    requireWritable(dir);
    Files.createDirectories(dir);
    Path mark = dir.resolve(MARK);
    if (!Files.exists(mark, LinkOption.NOFOLLOW_LINKS)) {
      Files.writeString(mark, "reports written by faultline check --report; it may write them again here\n");
    }
  }
}
