package faultline.api;

/**
 * The faults a test may inject, as {@code faultline run --nemesis} names them. Each runs for an
 * interval after an interval of quiet, in turn, for the main phase of the test, and everything is
 * healed before the final reads.
 */
public final class Faults {
  private Faults() {}

  /**
   * A network partition: the client proxies and the links between nodes cut, in the shape the
   * topology allows (on one node, the client's link to it).
   *
   * @return the fault
   */
  public static Fault partition() {
    return new Fault("partition");
  }

  /**
   * A server killed with SIGKILL and started again.
   *
   * @return the fault
   */
  public static Fault kill() {
    return new Fault("kill");
  }

  /**
   * A server paused with SIGSTOP and resumed.
   *
   * @return the fault
   */
  public static Fault pause() {
    return new Fault("pause");
  }

  /**
   * Latency on the clients' links (Toxiproxy's latency toxic).
   *
   * @return the fault
   */
  public static Fault latency() {
    return new Fault("latency");
  }

  /**
   * Any fault faultline knows, by its name.
   *
   * @param name as {@code faultline run --nemesis} takes it
   * @return the fault
   * @throws FaultlineException for an unknown name, naming the nearest known one
   */
  public static Fault named(String name) {
    return new Fault(name);
  }
}
