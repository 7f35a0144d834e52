package faultline.environments.ssh;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import faultline.environments.Role;
import faultline.environments.Topology;
import faultline.environments.host.HostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ssh environment's list of machines, as Jepsen's nodes file, and the topology to lay on them:
 * a JSON file (or YAML, by its .yaml or .yml name).
 *
 * <pre>
 * {"topology": "redis-replicated",
 *  "known_hosts": "~/.faultline/known_hosts",              (optional; else the run folder's)
 *  "hosts": [
 *    {"name": "n1", "address": "10.0.0.11", "port": 22,    (port optional, 22)
 *     "user": "admin", "key": "~/.ssh/id_ed25519",         (user optional, root)
 *     "roles": ["primary"], "folder": "/var/tmp/faultline"} (roles and folder optional)
 *  ]}
 * </pre>
 *
 * A host's run folder is its name under its folder (/var/tmp/faultline/n1 by default), so hosts
 * that share a file system (the test hosts of one machine) still keep their files apart.
 * Key and known-hosts paths are this machine's, relative to the inventory's folder unless absolute
 * or under ~. {@link #read} refuses a malformed file with one line naming it and what is wrong (an
 * {@link IllegalArgumentException}: exit 64); {@link #connect} refuses hosts that cannot be used
 * (a {@link faultline.environments.host.HostException}: exit 69).
 */
public record Inventory(Path file, Topology topology, List<InventoryHost> hosts, Optional<Path> knownHosts) {

  private static final Set<String> TOP_FIELDS = Set.of("topology", "known_hosts", "hosts");
  private static final Set<String> HOST_FIELDS = Set.of("name", "address", "port", "user", "key", "roles", "folder");
  /** Where a host keeps the run's files when the inventory does not say: a folder any user may make. */
  static final String DEFAULT_FOLDER = "/var/tmp/faultline";

  public Inventory {
    hosts = List.copyOf(hosts);
  }

  /** The inventory in {@code file}, or an IllegalArgumentException naming the file and what is wrong. */
  public static Inventory read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw wrong(file, "cannot be read (" + SshHost.rootMessage(e) + ")");
    }
    boolean yaml = file.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(yaml|yml)");
    JsonNode root;
    try {
      root = (yaml ? new ObjectMapper(new YAMLFactory()) : new ObjectMapper()).readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw wrong(file, "is not valid " + (yaml ? "YAML" : "JSON") + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) throw wrong(file, "must be an object with \"topology\" and \"hosts\"");
    unknownFields(file, root, TOP_FIELDS, "");

    Topology topology = topology(file, root);
    Path folder = file.toAbsolutePath().getParent();
    Optional<Path> knownHosts = Optional.ofNullable(text(file, root, "known_hosts", "", false))
        .map(p -> localPath(folder, p));

    JsonNode list = root.get("hosts");
    if (list == null || !list.isArray() || list.isEmpty()) throw wrong(file, "\"hosts\" must be a non-empty list of hosts");
    List<InventoryHost> hosts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> places = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      InventoryHost host = host(file, folder, list.get(i), "hosts[" + i + "]");
      if (!names.add(host.name())) throw wrong(file, "host name \"" + host.name() + "\" appears twice");
      if (!places.add(host.address() + ":" + host.port())) {
        throw wrong(file, "hosts " + host.name() + " and another are both " + host.address() + ":" + host.port());
      }
      hosts.add(host);
    }
    if (hosts.size() < topology.dataNodes()) {
      throw wrong(file, "topology " + topology.id() + " needs " + topology.dataNodes() + " hosts, the inventory lists "
          + hosts.size());
    }
    return new Inventory(file, topology, hosts, knownHosts);
  }

  /**
   * Connects to every host at once and checks it (login, sudo, run folder) before anything starts:
   * the first host (in the inventory's order) that fails ends it, with one line naming the host and
   * what failed, and every session opened is closed again. Host keys are recorded in the inventory's known-hosts file, or
   * in {@code runFolder}'s when it names none.
   */
  public List<SshHost> connect(Path runFolder) {
    Path known = knownHosts.orElse(runFolder.resolve("known_hosts"));
    try {
      Files.createDirectories(known.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new HostException("ssh: cannot make the folder of " + known + ": "
          + SshHost.rootMessage(e), "", e);
    }
    // All at once (each connection waits on the network, not on this machine), then every
    // result looked at: the first host in the inventory's order that failed is the one named.
    HostKeys hostKeys = new HostKeys(known);
    List<Future<SshHost>> attempts = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (InventoryHost host : hosts) attempts.add(executor.submit(() -> SshHost.connect(host, hostKeys)));
    }
    List<SshHost> connected = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<SshHost> attempt : attempts) {
      try {
        connected.add(attempt.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure == null) failure = new HostException("ssh: interrupted while connecting to the hosts", "", e);
      }
    }
    if (failure != null) {
      connected.forEach(SshHost::close);
      throw failure;
    }
    return List.copyOf(connected);
  }

  // ---- reading ----

  private static Topology topology(Path file, JsonNode root) {
    String id = text(file, root, "topology", "", true);
    Topology topology;
    try {
      topology = Topology.byId(id);
    } catch (IllegalArgumentException e) {
      throw wrong(file, e.getMessage());
    }
    if (topology.isExternal()) {
      throw wrong(file, "topology " + id + " is of servers faultline did not start; an inventory lays a topology faultline starts");
    }
    return topology;
  }

  private static InventoryHost host(Path file, Path folder, JsonNode node, String where) {
    if (!node.isObject()) throw wrong(file, where + " must be an object with name, address and key");
    unknownFields(file, node, HOST_FIELDS, where + ".");
    String name = text(file, node, "name", where + ".", true);
    if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
      throw wrong(file, where + ".name \"" + name + "\" must be a lower-case letter, then letters, digits or - (at most 32)");
    }
    String at = "host " + name + ": ";
    String address = text(file, node, "address", at, true);
    int port = 22;
    if (node.has("port")) {
      JsonNode p = node.get("port");
      if (!p.canConvertToInt() || !p.isIntegralNumber() || p.asInt() < 1 || p.asInt() > 65535) {
        throw wrong(file, at + "port must be a number from 1 to 65535, not " + p);
      }
      port = p.asInt();
    }
    String user = Optional.ofNullable(text(file, node, "user", at, false)).orElse("root");
    Path key = localPath(folder, text(file, node, "key", at, true));
    List<String> roles = new ArrayList<>();
    if (node.has("roles")) {
      JsonNode r = node.get("roles");
      if (!r.isArray()) throw wrong(file, at + "roles must be a list");
      for (JsonNode role : r) {
        String value = role.isTextual() ? role.asText() : role.toString();
        if (Arrays.stream(Role.values()).noneMatch(known -> known.name().toLowerCase(Locale.ROOT).equals(value))) {
          throw wrong(file, at + "unknown role \"" + value + "\" (known: "
              + String.join(", ", Arrays.stream(Role.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList()) + ")");
        }
        roles.add(value);
      }
    }
    String hostFolder = Optional.ofNullable(text(file, node, "folder", at, false)).orElse(DEFAULT_FOLDER);
    if (!hostFolder.startsWith("/")) throw wrong(file, at + "folder must be an absolute path on the host, not " + hostFolder);
    return new InventoryHost(name, address, port, user, key, roles, Path.of(hostFolder, name));
  }

  /** A field's text; null when it is absent and optional. */
  private static String text(Path file, JsonNode node, String field, String where, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) throw wrong(file, where + "\"" + field + "\" is missing");
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw wrong(file, where + "\"" + field + "\" must be a non-empty string, not " + value);
    }
    return value.asText().strip();
  }

  private static void unknownFields(Path file, JsonNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw wrong(file, where + "unknown field \"" + field + "\" (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }

  /** A path of this machine: ~ is the home folder, a relative path is the inventory's folder's. */
  private static Path localPath(Path folder, String path) {
    if (path.equals("~") || path.startsWith("~/")) return Path.of(System.getProperty("user.home") + path.substring(1));
    return folder.resolve(path).normalize();
  }

  private static IllegalArgumentException wrong(Path file, String what) {
    return new IllegalArgumentException("inventory " + file + ": " + what);
  }
}
