package faultline.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Whether progress lines may be drawn: only when stderr is a terminal, so logs and CI stay clean. */
public final class Terminal {
  private Terminal() {}

  /**
   * The JVM can only tell whether stdin and stdout are terminals. bin/faultline tests fd 2 and
   * says so in FAULTLINE_STDERR_TTY; without the launcher (tests, java -jar), /proc tells.
   */
  public static boolean stderrIsTerminal() {
    String told = System.getenv("FAULTLINE_STDERR_TTY");
    if (told != null) return "1".equals(told);
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return false;
    }
  }
}
