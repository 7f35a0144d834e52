package faultline.environments;

import faultline.checker.UnknownName;
import java.util.List;

/**
 * How a PostgreSQL primary waits for its replicas before acknowledging a commit. Verdicts depend
 * on it, so it is part of an environment's stated configuration.
 */
public enum Replication {
  /** Commits are acknowledged once durable on the primary; replicas follow when they can. */
  ASYNC("on"),
  /** {@code synchronous_commit = on}: a commit waits until one replica has flushed it. */
  SYNC_ON("on"),
  /** {@code synchronous_commit = remote_apply}: a commit waits until one replica has applied it. */
  SYNC_REMOTE_APPLY("remote_apply");

  private final String synchronousCommit;

  Replication(String synchronousCommit) {
    this.synchronousCommit = synchronousCommit;
  }

  public boolean isSynchronous() {
    return this != ASYNC;
  }

  /** The value of {@code synchronous_commit} on the primary. */
  public String synchronousCommit() {
    return synchronousCommit;
  }

  /**
   * {@code synchronous_standby_names} for these replica names, empty when asynchronous. A quorum
   * of one ({@code ANY 1}) so that cutting one replica's link does not stop all writes.
   */
  public String standbyNames(List<String> replicaNames) {
    if (!isSynchronous()) return "";
    return "ANY 1 (" + String.join(", ", replicaNames) + ")";
  }

  /** Parses the command line's {@code --sync} value: off, on or remote_apply. */
  public static Replication bySyncOption(String value) {
    return switch (value) {
      case "off", "async" -> ASYNC;
      case "on" -> SYNC_ON;
      case "remote_apply" -> SYNC_REMOTE_APPLY;
      default -> throw new IllegalArgumentException(UnknownName.message("--sync value", value, List.of("off", "on", "remote_apply")));
    };
  }
}
