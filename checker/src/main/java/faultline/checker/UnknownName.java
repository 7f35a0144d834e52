package faultline.checker;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The one line that refuses a name nobody declared (a scenario, workload, client, topology,
 * fault, model): the nearest known name when one is close enough to be a typo ("unknown fault
 * 'partiton'; did you mean partition?"), else the known names, or where they are listed when
 * there are too many for one line.
 */
public final class UnknownName {
  private UnknownName() {}

  /** "unknown {@code what} '{@code name}'; did you mean X?", else "...; known: a, b, c". */
  public static String message(String what, String name, Collection<String> known) {
    return message(what, name, known, "known: " + String.join(", ", known));
  }

  /**
   * As {@link #message(String, String, Collection)}, but with no name near, {@code otherwise}
   * ends the line: where a long list is found ("faultline scenarios lists them"), or the names
   * written as patterns.
   */
  public static String message(String what, String name, Collection<String> known, String otherwise) {
    return "unknown " + what + " '" + name + "'; " + nearest(name, known).map(n -> "did you mean " + n + "?").orElse(otherwise);
  }

  /**
   * The known name closest to {@code name} by edit distance (ignoring case; a swap of two
   * neighbours is one edit), if it is within two edits (one for names of four letters or less):
   * close enough to be a typo, not a different word ("disk-stall-soon" is not "disk-stall-kill").
   * The first in {@code known}'s order wins a tie.
   */
  public static Optional<String> nearest(String name, Collection<String> known) {
    String given = name.toLowerCase(Locale.ROOT);
    int allowed = given.length() <= 4 ? 1 : 2;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(given, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= allowed && !best.equals(name) ? Optional.of(best) : Optional.empty();
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) d[i][0] = i;
    for (int j = 0; j <= b.length(); j++) d[0][j] = j;
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
