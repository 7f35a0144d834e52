package faultline.checker.history;

/**
 * Who performed an operation: a logical client process, numbered or named, or the nemesis. As in
 * Jepsen, any process but {@code nemesis} is a client, whatever its name ({@code "c1"}, {@code
 * "1"}, {@code :c1}): only the nemesis is set aside, so a history whose clients have names is
 * checked, not taken for a history of faults. Clients' operations enter the consistency searches;
 * the nemesis' (faults) are kept in the history so reports can show them.
 */
public sealed interface Process {

  Process NEMESIS = new Named("nemesis");

  /**
   * Clients numbered below this are one object each: a history names them on every event, and
   * a crashed client's successor takes a fresh number (thousands, in a long run).
   */
  int SHARED_CLIENTS = 1 << 16;

  static Process client(long id) {
    if (id < 0 || id >= SHARED_CLIENTS) return new Client(id);
    // Benign race: a slot holds null or a client of its own number (a record's field is final).
    Client shared = SharedClients.CLIENTS[(int) id];
    if (shared == null) SharedClients.CLIENTS[(int) id] = shared = new Client(id);
    return shared;
  }

  static Process named(String name) {
    return "nemesis".equals(name) ? NEMESIS : new Named(name);
  }

  /**
   * A process an EDN history names with a string ({@code "c1"}): not the one its keyword names
   * ({@code :c1}), as under Clojure's equality. {@code "nemesis"} is still
   * the nemesis, as it is in JSON.
   */
  static Process quoted(String name) {
    return "nemesis".equals(name) ? NEMESIS : new Quoted(name);
  }

  /**
   * The process of a completion whose history names none, as Jepsen's long-fork histories are
   * written (its checker reads only completed reads): a client of its own that no other event
   * shares, so it pairs with no invocation and orders nothing by process. An invocation must name
   * its process, or nothing could complete it.
   */
  static Process unnamed(long position) {
    return new Unnamed(position);
  }

  /** Refuses an invocation without a process; the process of anything else without one. */
  static Process orUnnamed(Process given, OpType type, long position, String source, long line) throws MalformedHistoryException {
    if (given != null) return given;
    if (type == OpType.INVOKE) {
      throw new MalformedHistoryException(source, line,
          "missing process (only a completion may omit it, as in a completion-only history such as Jepsen's long-fork)");
    }
    return unnamed(position);
  }

  boolean isClient();

  /** The process as a history format writes it: a number, or a name. */
  Object label();

  record Client(long id) implements Process {
    @Override
    public boolean isClient() {
      return true;
    }

    @Override
    public Object label() {
      return id;
    }

    @Override
    public String toString() {
      return Long.toString(id);
    }
  }

  /** A process with a name: the nemesis, or a client a history names (the string {@code "1"} is not the number 1). */
  record Named(String name) implements Process {
    @Override
    public boolean isClient() {
      return !"nemesis".equals(name);
    }

    @Override
    public Object label() {
      return name;
    }

    @Override
    public String toString() {
      return Values.escaped(name);
    }
  }

  /** A client an EDN history names with a string, {@code "c1"}; shown quoted, written back as a string. */
  record Quoted(String name) implements Process {
    @Override
    public boolean isClient() {
      return true;
    }

    @Override
    public Object label() {
      return name;
    }

    @Override
    public String toString() {
      return Values.show(name);
    }
  }

  /** A completion's own process, its history naming none; written back without one (nil, null). */
  record Unnamed(long position) implements Process {
    @Override
    public boolean isClient() {
      return true;
    }

    @Override
    public Object label() {
      return null;
    }

    @Override
    public String toString() {
      return "(none, event " + position + ")";
    }
  }

  /** The shared clients, each made when first named. */
  final class SharedClients {
    private static final Client[] CLIENTS = new Client[SHARED_CLIENTS];

    private SharedClients() {}
  }
}
