package faultline.checker.history;

/**
 * Who performed an operation: a numbered logical client process, or a named one such as the
 * nemesis. Only client processes' operations enter a consistency search; the others (faults) are
 * kept in the history so reports can show them.
 */
public sealed interface Process {

  Process NEMESIS = new Named("nemesis");

  static Process client(long id) {
    return new Client(id);
  }

  static Process named(String name) {
    return "nemesis".equals(name) ? NEMESIS : new Named(name);
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

  record Named(String name) implements Process {
    @Override
    public boolean isClient() {
      return false;
    }

    @Override
    public Object label() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
