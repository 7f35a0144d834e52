package faultline.workloads;

/**
 * What a worker asks a client to do: a function of the workload ({@code read}, {@code add},
 * {@code cas}, ...) on one independent key, with its argument.
 *
 * @param value the argument: an amount to add, a value to write, {@code [from to]} for a cas, or
 *     null for a read
 */
public record Invocation(String f, String key, Object value) {

  public boolean isRead() {
    return f.equals("read");
  }
}
