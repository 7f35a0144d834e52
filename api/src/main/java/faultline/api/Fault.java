package faultline.api;

/**
 * One kind of fault the nemesis injects during a test, by the name {@code faultline run
 * --nemesis} takes ({@code partition}, {@code kill}, {@code pause}, {@code latency}, ...). Made by
 * {@link Faults}.
 *
 * @param name the fault's name
 */
public record Fault(String name) {

  /**
   * Checks the name against the faults faultline knows.
   *
   * @param name the fault's name
   * @throws FaultlineException naming the nearest known fault when there is none of that name
   */
  public Fault {
    try {
      faultline.nemesis.Fault.parse(name);
    } catch (IllegalArgumentException e) {
      throw new FaultlineException(e.getMessage());
    }
  }

  faultline.nemesis.Fault internal() {
    return faultline.nemesis.Fault.parse(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
