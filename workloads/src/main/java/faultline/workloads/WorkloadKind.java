package faultline.workloads;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One workload as the command line knows it, declared once, as a {@code KIND} constant beside its
 * class, and registered in {@link Workloads#ALL}: its name, one line on what it does, the run
 * options that mean something of their own to it, how to make it, and its clients on each
 * database (the first one of a database is that database's default). Help, docs, the default
 * client and the refusal of a client for another workload all read it.
 *
 * <pre>{@code
 * public static final WorkloadKind KIND = WorkloadKind.named("counter")
 *     .shows("a counter per key: add d and read; every read between the acknowledged and the attempted adds")
 *     .make(settings -> new CounterWorkload())
 *     .clients(RedisVariant.INCRBY, RedisVariant.GET_SET, PostgresVariant.UPDATE, PostgresVariant.SELECT_UPDATE)
 *     .build();
 * }</pre>
 */
public final class WorkloadKind {

  /**
   * What a run decides that a workload may depend on.
   *
   * @param cas whether the client can compare-and-set
   * @param readsOnPrimary whether reads go to the primary (list-append then ends with final reads)
   */
  public record Settings(boolean cas, boolean readsOnPrimary) {}

  private final String name;
  private final String description;
  private final Map<String, String> options;
  private final Map<String, String> refused;
  private final Function<Settings, Workload> make;
  private final List<ClientVariant> clients;

  private WorkloadKind(Builder b) {
    this.name = b.name;
    this.description = Objects.requireNonNull(b.description, "shows(...) of " + b.name);
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
    this.refused = Collections.unmodifiableMap(new LinkedHashMap<>(b.refused));
    this.make = Objects.requireNonNull(b.make, "make(...) of " + b.name);
    this.clients = List.copyOf(b.clients);
    if (clients.isEmpty()) throw new IllegalArgumentException("workload " + name + " has no client");
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  /**
   * The run options (flag to meaning) that only this workload takes ({@code --model}), or that it
   * reads in a way of its own ({@code --keys} for transactions), in declaration order; the general
   * ones it takes as they are go unsaid.
   */
  public Map<String, String> options() {
    return options;
  }

  public boolean takes(String flag) {
    return options.containsKey(flag);
  }

  /** The general run options that make no sense for this workload (flag to why), refused when given. */
  public Map<String, String> refused() {
    return refused;
  }

  /** Refuses {@code flag}, given on the command line, when it makes no sense for this workload. */
  public void checkApplies(String flag) {
    String why = refused.get(flag);
    if (why != null) throw new IllegalArgumentException(flag + " does not apply to " + name + " (" + why + ")");
  }

  public Workload make(Settings settings) {
    return make.apply(settings);
  }

  /** Every client of this workload, in declaration order. */
  public List<ClientVariant> clients() {
    return clients;
  }

  /** The clients of this workload on {@code database} ({@link ClientVariant#REDIS} or {@link ClientVariant#POSTGRES}). */
  public List<ClientVariant> clients(String database) {
    return clients.stream().filter(c -> c.database().equals(database)).toList();
  }

  /** The client a run uses when none is named: the first declared on {@code database}. */
  public Optional<ClientVariant> defaultClient(String database) {
    return clients(database).stream().findFirst();
  }

  @Override
  public String toString() {
    return name;
  }

  public static final class Builder {
    private final String name;
    private String description;
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Map<String, String> refused = new LinkedHashMap<>();
    private Function<Settings, Workload> make;
    private final List<ClientVariant> clients = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** One line on what the workload does and what its checkers look for. */
    public Builder shows(String description) {
      this.description = description;
      return this;
    }

    /** A run option ({@code --keys}, {@code --model}, ...) this workload takes, with what it means here. */
    public Builder option(String flag, String meaning) {
      options.put(flag, meaning);
      return this;
    }

    /** A general run option that makes no sense for this workload, with why: a run that gives it is refused. */
    public Builder without(String flag, String why) {
      refused.put(flag, why);
      return this;
    }

    public Builder make(Function<Settings, Workload> make) {
      this.make = make;
      return this;
    }

    /** Its clients; on each database the first is the default. */
    public Builder clients(ClientVariant... variants) {
      clients.addAll(List.of(variants));
      return this;
    }

    public WorkloadKind build() {
      return new WorkloadKind(this);
    }
  }
}
