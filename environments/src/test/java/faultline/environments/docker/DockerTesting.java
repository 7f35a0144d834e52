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

  private DockerTesting() {}

  /** The default image, built on first use (a minute or two); skips the calling test without an engine or an image. */
  static synchronized String imageOrSkip() {
    Optional<String> noEngine = DockerEngine.unavailableReason();
    assumeTrue(noEngine.isEmpty(), () -> "docker tests skipped: " + noEngine.orElse(""));
    if (image == null) {
      try {
        image = ServerImages.ensure(Optional.empty(), line -> System.err.println("docker test image: " + line));
      } catch (EnvironmentUnavailableException e) {
        assumeTrue(false, "docker tests skipped: no image: " + e.getMessage());
      }
    }
    return image;
  }
}
