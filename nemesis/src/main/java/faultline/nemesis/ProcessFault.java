package faultline.nemesis;

/** What a {@link ProcessNemesis} does to a node's process, by the names users type. */
public enum ProcessFault {
  /** SIGKILL to the process and its children; the stop starts it again on the same data. */
  KILL("kill"),
  /** SIGSTOP: sockets stay open and nothing answers; the stop sends SIGCONT. */
  PAUSE("pause");

  private final String id;

  ProcessFault(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public String startF() {
    return "start-" + id;
  }

  public String stopF() {
    return "stop-" + id;
  }
}
