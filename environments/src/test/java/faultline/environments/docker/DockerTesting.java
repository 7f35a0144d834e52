package faultline.environments.docker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import faultline.environments.EnvironmentUnavailableException;
import java.util.Optional;

/**
 * What the docker tests need: an engine that answers and faultline's image. Without either the
 * tests skip and say why (the reason is the assumption's message, shown by the test runner).
 */
final class DockerTesting {
  private static String image;
  private static boolean told;
  private static boolean connectedOnce;

  private DockerTesting() {}

  /** The default image, built on first use (a minute or two); skips the calling test without an engine or an image. */
  static synchronized String imageOrSkip() {
    long asked = System.nanoTime();
    Optional<String> noEngine = DockerEngine.unavailableReason();
    if (!connectedOnce && noEngine.isEmpty()) {
      System.err.printf("docker timing: engine connected in %.2f s%n", (System.nanoTime() - asked) / 1e9);
    }
    connectedOnce = true;
    noEngine.ifPresent(reason -> skip("docker tests skipped: " + reason));
    if (image == null) {
      try {
        image = ServerImages.ensure(Optional.empty(), line -> System.err.println("docker test image: " + line));
      } catch (EnvironmentUnavailableException e) {
        skip("docker tests skipped: no image: " + e.getMessage());
      }
    }
    return image;
  }

  /** Skips the test; the reason also goes to the console once, where a build's reader sees it. */
  private static void skip(String reason) {
    if (!told) System.err.println(reason);
    told = true;
    assumeTrue(false, reason);
  }
}
