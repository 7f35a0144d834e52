package faultline.environments.host;

/** A command's end on a host: its exit code (-1 when it timed out) and its output, stdout then stderr. */
public record Execution(int exitCode, String output, boolean timedOut) {

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }

  /** The last {@code lines} lines of the output, for messages. */
  public String tail(int lines) {
    String[] all = output.strip().split("\n");
    int from = Math.max(0, all.length - lines);
    return String.join("\n", java.util.Arrays.copyOfRange(all, from, all.length));
  }
}
