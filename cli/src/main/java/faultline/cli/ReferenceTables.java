package faultline.cli;

import faultline.checker.model.Models;
import faultline.cli.run.Scenarios;
import faultline.environments.EnvironmentKind;
import faultline.environments.Topology;
import faultline.nemesis.Faults;
import faultline.workloads.ClientVariant;
import faultline.workloads.WorkloadKind;
import faultline.workloads.Workloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The docs' reference tables, made from the registries (workloads and their clients, topologies,
 * faults, models, scenarios), never typed: a page holds each table between
 * {@code <!-- generated: NAME -->} and {@code <!-- end generated: NAME -->}, and
 * {@code faultline docs --write} rewrites what lies between. A test fails when a page is out of date.
 */
public final class ReferenceTables {
  private ReferenceTables() {}

  /** Every table by the name its markers use. */
  public static Map<String, String> all() {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("workloads", table(List.of("workload", "what it does", "Redis clients", "PostgreSQL clients", "options of its own"),
        Workloads.ALL, k -> List.of(code(k.name()), k.description(), codes(k.clients(ClientVariant.REDIS)), codes(k.clients(ClientVariant.POSTGRES)),
            k.options().entrySet().stream().map(o -> code(o.getKey()) + ": " + o.getValue()).collect(Collectors.joining("; "))
                + (k.options().isEmpty() || k.refused().isEmpty() ? "" : "; ")
                + k.refused().entrySet().stream().map(o -> "no " + code(o.getKey()) + " (" + o.getValue() + ")").collect(Collectors.joining("; ")))));
    List<String[]> clients = new ArrayList<>();
    for (WorkloadKind k : Workloads.ALL) {
      for (ClientVariant c : k.clients()) {
        boolean isDefault = k.defaultClient(c.database()).orElseThrow() == c;
        clients.add(new String[] {code(c.id()), k.name(), c.database() + (isDefault ? " (default)" : ""), c.description()});
      }
    }
    tables.put("clients", table(List.of("client", "workload", "database", "what it sends"), clients, Arrays::asList));
    tables.put("topologies", table(List.of("topology", "what it starts", "nodes"), List.of(Topology.values()),
        t -> List.of(code(t.id()), t.description(), t.nodes())));
    tables.put("environment-kinds", table(List.of("kind (`--env`)", "where the servers run", "capabilities", "links between servers"),
        List.of(EnvironmentKind.values()), k -> List.of(code(k.id()), k.description(),
            k.capabilities().isEmpty() ? "none" : k.capabilities().stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", ")),
            k == EnvironmentKind.EXTERNAL ? "not faultline's" : k.peersThroughProxies() ? "Toxiproxy proxies" : "direct (cut by iptables on the hosts)")));
    tables.put("faults", table(List.of("fault", "after a colon", "what it does"), Faults.ALL,
        f -> List.of(codes(f.names()), f.options().isEmpty() ? "" : code(f.options()), f.description())));
    tables.put("models", table(List.of("model", "what it reads", "judged by"), Models.ALL, m -> List.of(code(m.name()), m.description(),
        m.searched() ? (m.name().equals(Models.SET_FULL) ? "Jepsen's set-full checker" : "the linearizability search")
            : "the `" + m.name() + "` workload's checkers: " + codes(List.copyOf(m.checkers().keySet())))));
    tables.put("scenarios", table(List.of("scenario", "topology", "client", "faults", "expected (exit code)", "what it shows"), Scenarios.ALL,
        s -> List.of(code(s.name()), s.topology().id(), code(s.client()), s.nemesis().equals("none") ? "" : code(s.nemesis()),
            s.expected() + " (" + s.expectedExitCode() + ")", s.demonstrates())));
    return tables;
  }

  /** {@code page} with every generated table it holds made again; unchanged when none is out of date. */
  public static String regenerate(String page) {
    String out = page;
    for (Map.Entry<String, String> t : all().entrySet()) {
      String start = "<!-- generated: " + t.getKey() + " -->\n";
      String end = "<!-- end generated: " + t.getKey() + " -->";
      int from = out.indexOf(start);
      if (from < 0) continue;
      int to = out.indexOf(end, from);
      if (to < 0) throw new IllegalArgumentException("'" + start.strip() + "' has no '" + end + "'");
      out = out.substring(0, from + start.length()) + t.getValue() + out.substring(to);
    }
    return out;
  }

  /** The Markdown pages under {@code docs} that are out of date; rewritten when {@code write}. */
  public static List<Path> update(Path docs, boolean write) throws IOException {
    List<Path> stale = new ArrayList<>();
    try (Stream<Path> pages = Files.list(docs)) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        String text = Files.readString(page, StandardCharsets.UTF_8);
        String made = regenerate(text);
        if (made.equals(text)) continue;
        stale.add(page);
        if (write) Files.writeString(page, made, StandardCharsets.UTF_8);
      }
    }
    return stale;
  }

  private static <T> String table(List<String> header, List<T> rows, Function<T, List<String>> cells) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", header)).append(" |\n");
    out.append("|").append("---|".repeat(header.size())).append("\n");
    for (T row : rows) {
      List<String> c = cells.apply(row);
      out.append("| ").append(c.stream().map(ReferenceTables::cell).collect(Collectors.joining(" | "))).append(" |\n");
    }
    return out.toString();
  }

  /** A table cell: a '|' would end it. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String code(String text) {
    return "`" + text + "`";
  }

  private static String codes(List<?> items) {
    return items.stream().map(i -> i instanceof ClientVariant c ? c.id() : i.toString()).map(ReferenceTables::code).collect(Collectors.joining(", "));
  }

  /** Every name a reader of the docs should find: for the test that each appears there. */
  static List<String> everyName() {
    List<String> names = new ArrayList<>(Workloads.NAMES);
    Workloads.ALL.forEach(k -> k.clients().forEach(c -> names.add(c.id())));
    Stream.of(Topology.values()).forEach(t -> names.add(t.id()));
    Stream.of(EnvironmentKind.values()).forEach(k -> names.add(k.id()));
    Faults.ALL.forEach(f -> names.addAll(f.names()));
    Models.ALL.forEach(m -> names.add(m.name()));
    Scenarios.ALL.forEach(s -> names.add(s.name()));
    return names;
  }
}
