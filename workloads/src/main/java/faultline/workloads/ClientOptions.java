package faultline.workloads;

import faultline.checker.UnknownName;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How clients behave, beyond which variant they are. Recorded in {@code test.json}, because
 * verdicts depend on them (reads from replicas may be stale; weaker isolation loses updates).
 *
 * @param readFrom where reads go
 * @param waitReplicas Redis: after each write, {@code WAIT} for this many replicas (0: don't)
 * @param isolation PostgreSQL: the isolation level of every transaction
 * @param connectTimeout how long opening a connection may take
 * @param opTimeout how long one operation may take before it is recorded as {@code info}
 */
public record ClientOptions(ReadFrom readFrom, int waitReplicas, Isolation isolation, Duration connectTimeout, Duration opTimeout) {

  public static ClientOptions defaults() {
    return new ClientOptions(ReadFrom.PRIMARY, 0, Isolation.READ_COMMITTED, Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  /**
   * Where read operations are sent (transactions: those of reads only): the primary, a replica
   * (processes spread round-robin over the replicas), or any node (processes spread round-robin
   * over the primary and the replicas). Writes always go to the primary.
   */
  public enum ReadFrom {
    PRIMARY,
    REPLICA,
    ANY;

    /** Whether some reads go to replicas, so a topology without them cannot serve this. */
    public boolean usesReplicas() {
      return this != PRIMARY;
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static ReadFrom byId(String id) {
      return switch (id) {
        case "primary" -> PRIMARY;
        case "replica", "replicas" -> REPLICA;
        case "any" -> ANY;
        default -> throw new IllegalArgumentException(UnknownName.message("read source", id, List.of("primary", "replica", "any")));
      };
    }
  }

  /** PostgreSQL's isolation levels, by the names the command line uses. */
  public enum Isolation {
    READ_COMMITTED("read-committed", java.sql.Connection.TRANSACTION_READ_COMMITTED),
    REPEATABLE_READ("repeatable-read", java.sql.Connection.TRANSACTION_REPEATABLE_READ),
    SERIALIZABLE("serializable", java.sql.Connection.TRANSACTION_SERIALIZABLE);

    private final String id;
    private final int jdbcLevel;

    Isolation(String id, int jdbcLevel) {
      this.id = id;
      this.jdbcLevel = jdbcLevel;
    }

    /** How PostgreSQL names it ({@code SHOW transaction_isolation}): "read committed", "repeatable read", "serializable". */
    public String serverName() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    public String id() {
      return id;
    }

    public int jdbcLevel() {
      return jdbcLevel;
    }

    public static Isolation byId(String id) {
      for (Isolation i : values()) if (i.id.equals(id)) return i;
      throw new IllegalArgumentException(UnknownName.message("isolation", id, Arrays.stream(values()).map(Isolation::id).toList()));
    }
  }
}
