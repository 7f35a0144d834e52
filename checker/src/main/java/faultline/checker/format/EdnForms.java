package faultline.checker.format;

import faultline.checker.history.MalformedHistoryException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where each EDN form of a text starts and ends, without parsing it, so every op of a
 * history can be parsed on its own and an error can name its line; a form cut short (a
 * truncated file) is reported at the line where it began.
 */
final class EdnForms {
  /** One form: {@code text.substring(start, end)}, beginning on {@code line} (1-based). */
  record Form(int start, int end, long line) {
    char first(String text) {
      return text.charAt(start);
    }
  }

  /**
   * Deeper nesting than this is refused: the EDN parser and the value conversion recurse, and a
   * hostile file nested 5,000 deep would otherwise end in a StackOverflowError. It is the JSON
   * readers' limit (Jackson's 1,000, the op's object included) and one more for a vector holding
   * the history, so whatever faultline reads from JSON, its EDN export reads back.
   */
  static final int MAX_DEPTH = com.fasterxml.jackson.core.StreamReadConstraints.DEFAULT_MAX_DEPTH + 1;

  private final String source;
  private final String text;
  private final int[] lineStarts;

  EdnForms(String source, String text) {
    this.source = source;
    this.text = text;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') starts.add(i + 1);
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  long lineOf(int offset) {
    int lo = 0, hi = lineStarts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  }

  /** Where the first form of {@code text} ends (it must start at offset 0). */
  static int firstFormEnd(String source, String text) throws MalformedHistoryException {
    return new EdnForms(source, text).formEnd(0, text.length());
  }

  /** The forms between {@code from} and {@code to}. */
  List<Form> between(int from, int to) throws MalformedHistoryException {
    List<Form> forms = new ArrayList<>();
    int i = skipBlank(from, to);
    while (i < to) {
      int end = formEnd(i, to);
      forms.add(new Form(i, end, lineOf(i)));
      i = skipBlank(end, to);
    }
    return forms;
  }

  /** Skips whitespace, commas (whitespace in EDN), {@code ;} comments and {@code #_} discards. */
  private int skipBlank(int i, int to) throws MalformedHistoryException {
    while (i < to) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || c == ',') {
        i++;
      } else if (c == ';') {
        while (i < to && text.charAt(i) != '\n') i++;
      } else if (c == '#' && i + 1 < to && text.charAt(i + 1) == '_') {
        i = formEnd(skipBlank(i + 2, to), to);
      } else {
        break;
      }
    }
    return i;
  }

  private int formEnd(int start, int to) throws MalformedHistoryException {
    if (start >= to) throw new MalformedHistoryException(source, lineOf(Math.max(0, start - 1)), "a form is missing at the end (truncated?)");
    char c = text.charAt(start);
    if (c == '#') {
      int i = start + 1;
      if (i < to && (text.charAt(i) == '{')) return bracketEnd(i, to, start);
      if (i < to && text.charAt(i) == '#') return atomEnd(i + 1, to); // ##Inf, ##-Inf, ##NaN
      // A tagged element: #tag followed by a form (Jepsen writes #jepsen.history.Op{...}).
      // Tags on tags are walked in a loop, so a long chain of them cannot overflow the stack.
      int tags = 0;
      while (true) {
        while (i < to && isSymbolChar(text.charAt(i))) i++;
        int next = skipBlank(i, to);
        if (next + 1 < to && text.charAt(next) == '#' && text.charAt(next + 1) != '{' && text.charAt(next + 1) != '_') {
          if (++tags > MAX_DEPTH) throw new MalformedHistoryException(source, lineOf(start), "more than " + MAX_DEPTH + " tags in a row (not a history)");
          i = next + 1;
          continue;
        }
        return formEnd(next, to);
      }
    }
    if (c == '(' || c == '[' || c == '{') return bracketEnd(start, to, start);
    if (c == ')' || c == ']' || c == '}') {
      throw new MalformedHistoryException(source, lineOf(start), "unexpected '" + c + "' with nothing open");
    }
    if (c == '"') return stringEnd(start, to);
    if (c == '\\') return Math.min(to, atomEnd(start + 2, to));
    return atomEnd(start, to);
  }

  private int bracketEnd(int open, int to, int formStart) throws MalformedHistoryException {
    int depth = 0;
    int i = open;
    while (i < to) {
      char c = text.charAt(i);
      switch (c) {
        case '(', '[', '{' -> {
          if (++depth > MAX_DEPTH) {
            throw new MalformedHistoryException(source, lineOf(i), "values nested more than " + MAX_DEPTH + " deep (not a history)");
          }
          i++;
        }
        case ')', ']', '}' -> {
          depth--;
          i++;
          if (depth == 0) return i;
        }
        case '"' -> i = stringEnd(i, to);
        case ';' -> { while (i < to && text.charAt(i) != '\n') i++; }
        case '\\' -> i += 2;
        default -> i++;
      }
    }
    throw new MalformedHistoryException(source, lineOf(formStart),
        "'" + text.charAt(open) + "' opened here is never closed (truncated?)");
  }

  private int stringEnd(int quote, int to) throws MalformedHistoryException {
    int i = quote + 1;
    while (i < to) {
      char c = text.charAt(i);
      if (c == '\\') i += 2;
      else if (c == '"') return i + 1;
      else i++;
    }
    throw new MalformedHistoryException(source, lineOf(quote), "string opened here is never closed (truncated?)");
  }

  private int atomEnd(int i, int to) {
    while (i < to && isSymbolChar(text.charAt(i))) i++;
    return i;
  }

  private static boolean isSymbolChar(char c) {
    return !(Character.isWhitespace(c) || c == ',' || c == '(' || c == ')' || c == '[' || c == ']'
        || c == '{' || c == '}' || c == '"' || c == ';');
  }
}
