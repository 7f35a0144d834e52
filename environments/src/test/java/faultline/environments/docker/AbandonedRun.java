package faultline.environments.docker;

/**
 * A run whose JVM is killed (LeftoversTest): starts a run on the image in args[0] with two nodes,
 * prints the run's id, and waits to be killed, never closing.
 */
public final class AbandonedRun {
  private AbandonedRun() {}

  public static void main(String[] args) throws InterruptedException {
    DockerRun run = DockerRun.start(args[0]);
    run.host("k1");
    run.host("k2");
    System.out.println("run " + run.owner().run());
    System.out.flush();
    Thread.sleep(120_000); // bounded: the test kills it long before
  }
}
