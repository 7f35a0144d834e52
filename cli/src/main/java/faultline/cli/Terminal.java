package faultline.cli;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import faultline.checker.history.Values;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What reaches the terminal: whether progress lines may be drawn (only when stderr is a terminal,
 * so logs and CI stay clean), and text from histories made safe to print. Histories are
 * untrusted: a key holding ESC sequences could clear the screen or retitle the window, and one
 * holding a newline could fake a line of output, so such characters are printed escaped, as EDN
 * and JSON write them.
 */
public final class Terminal {
  private Terminal() {}

  /** Text of several lines with every control character but the line ends escaped. */
  public static String printable(String text) {
    if (text.indexOf('\n') < 0) return Values.escaped(text);
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; from = nl + 1, nl = text.indexOf('\n', from)) {
      out.append(Values.escaped(text.substring(from, nl))).append('\n');
    }
    return out.append(Values.escaped(text.substring(from))).toString();
  }

  /** One line whatever it holds: newlines too are escaped. */
  public static String oneLine(String text) {
    return Values.escaped(text);
  }

  /**
   * A JSON writer that also escapes what JSON allows raw but a terminal obeys: DEL, the C1
   * controls (U+009B is a CSI on some terminals) and the Unicode line separators.
   */
  public static ObjectMapper json() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.getFactory().setCharacterEscapes(new TerminalEscapes());
    return mapper;
  }

  private static final class TerminalEscapes extends CharacterEscapes {
    private final int[] ascii = standardAsciiEscapesForJSON();

    TerminalEscapes() {
      ascii[0x7f] = ESCAPE_STANDARD;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if ((ch >= 0x80 && ch <= 0x9f) || ch == 0x2028 || ch == 0x2029) return new SerializedString(String.format("\\u%04x", ch));
      return null;
    }
  }

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
