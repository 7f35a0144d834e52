package faultline.environments.ssh;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Quoting for the POSIX shell an SSH server runs a command string in: the host interface takes a
 * program and its arguments, SSH carries one string, and no argument may change its meaning.
 */
final class Shell {
  private Shell() {}

  /** {@code word} as one shell word, whatever it holds: single quotes, each ' written as '\''. */
  static String quote(String word) {
    if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "-_./=:,+@%".indexOf(c) >= 0)) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** The words as one command line, each quoted. */
  static String join(List<String> words) {
    return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
  }
}
