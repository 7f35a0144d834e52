package faultline.environments.local;

/**
 * PostgreSQL refuses to run as root. When we are root, a {@link LocalHost} runs its programs as
 * the system user "postgres" (which Debian's package creates), through setpriv, and gives it the
 * files they read; the local environment opens its run folder to that user.
 */
final class PostgresUser {
  static final String SYSTEM_USER = "postgres";

  private PostgresUser() {}

  static boolean weAreRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
