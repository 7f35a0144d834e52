package faultline.environments.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.environments.Polling;
import faultline.environments.Topology;
import faultline.environments.host.HostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading an inventory (no hosts needed), then connecting to netns test hosts, good and bad. */
class InventoryTest {
  private static NetnsHosts hosts;

  @TempDir
  Path folder;

  @AfterAll
  static void removeHosts() {
    if (hosts != null) hosts.close();
  }

  /** Two netns hosts, made by the first test that needs them, for the rest of the class. */
  private static synchronized NetnsHosts hosts() {
    if (hosts == null) hosts = NetnsHosts.start(2);
    return hosts;
  }

  @Test
  void readsJsonWithDefaults() throws IOException {
    Path file = write("inventory.json", """
        {"topology": "redis-single",
         "hosts": [{"name": "n1", "address": "10.0.0.11", "key": "keys/id_ed25519", "roles": ["primary"]},
                   {"name": "n2", "address": "10.0.0.12", "port": 2222, "user": "admin", "key": "/k",
                    "folder": "/srv/fl"}]}
        """);
    Inventory inventory = Inventory.read(file);
    assertEquals(Topology.REDIS_SINGLE, inventory.topology());
    InventoryHost n1 = inventory.hosts().get(0);
    assertEquals(new InventoryHost("n1", "10.0.0.11", 22, "root", folder.resolve("keys/id_ed25519"), List.of("primary"),
        Path.of("/var/tmp/faultline/n1")), n1);
    InventoryHost n2 = inventory.hosts().get(1);
    assertEquals(2222, n2.port());
    assertEquals("admin", n2.user());
    assertEquals(Path.of("/srv/fl/n2"), n2.folder());
    assertTrue(inventory.knownHosts().isEmpty());
  }

  @Test
  void readsYaml() throws IOException {
    Path file = write("inventory.yaml", """
        topology: pg-replicated
        known_hosts: known
        hosts:
          - {name: n1, address: a1, key: k}
          - {name: n2, address: a2, key: k}
          - {name: n3, address: a3, key: k, roles: [replica]}
        """);
    Inventory inventory = Inventory.read(file);
    assertEquals(Topology.PG_REPLICATED, inventory.topology());
    assertEquals(List.of("n1", "n2", "n3"), inventory.hosts().stream().map(InventoryHost::name).toList());
    assertEquals(folder.resolve("known"), inventory.knownHosts().orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"topology\": \"redis-single\", \"hosts\": [ |is not valid JSON at line 1",
      "[]|must be an object",
      "{\"hosts\": [{\"name\": \"n1\", \"address\": \"a\", \"key\": \"k\"}]}|\"topology\" is missing",
      "{\"topology\": \"redis-galaxy\", \"hosts\": []}|redis-galaxy",
      "{\"topology\": \"redis-external\", \"hosts\": []}|faultline did not start",
      "{\"topology\": \"redis-single\", \"hosts\": []}|non-empty list",
      "{\"topology\": \"redis-single\", \"hosts\": [{\"name\": \"n1\", \"key\": \"k\"}]}|host n1: \"address\" is missing",
      "{\"topology\": \"redis-single\", \"hosts\": [{\"name\": \"n1\", \"address\": \"a\"}]}|host n1: \"key\" is missing",
      "{\"topology\": \"redis-single\", \"hosts\": [{\"name\": \"n1\", \"address\": \"a\", \"key\": \"k\", \"port\": 0}]}|port must be",
      "{\"topology\": \"redis-single\", \"hosts\": [{\"name\": \"n1\", \"address\": \"a\", \"key\": \"k\", \"adress\": 1}]}|unknown field \"adress\"",
      "{\"topology\": \"redis-single\", \"hosts\": [{\"name\": \"n1\", \"address\": \"a\", \"key\": \"k\", \"roles\": [\"boss\"]}]}|unknown role \"boss\"",
      "{\"topology\": \"redis-single\", \"hosts\": [{\"name\": \"n1\", \"address\": \"a\", \"key\": \"k\"}, {\"name\": \"n1\", \"address\": \"b\", \"key\": \"k\"}]}|\"n1\" appears twice",
      "{\"topology\": \"redis-replicated\", \"hosts\": [{\"name\": \"n1\", \"address\": \"a\", \"key\": \"k\"}]}|needs 3 hosts",
  })
  void refusesAMalformedFileInOneLineNamingIt(String content, String what) throws IOException {
    Path file = write("bad.json", content);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Inventory.read(file));
    assertTrue(e.getMessage().startsWith("inventory " + file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void refusesAMissingFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Inventory.read(folder.resolve("nowhere.json")));
    assertTrue(e.getMessage().contains("nowhere.json: cannot be read"), e.getMessage());
  }

  @Test
  void connectsToEveryHostAndRecordsTheirKeys() throws IOException {
    NetnsHosts h = hosts();
    Inventory inventory = Inventory.read(inventory(entry(h.host(0), "root", h.key(), 22), entry(h.host(1), "root", h.key(), 22)));
    List<SshHost> connected = inventory.connect(folder.resolve("run"));
    try {
      assertEquals(List.of("n1", "n2"), connected.stream().map(SshHost::name).toList());
      assertEquals(h.host(1).address(), connected.get(1).run(List.of("hostname", "-I"), Duration.ofSeconds(20)).output().strip());
      String known = Files.readString(folder.resolve("run/known_hosts"));
      assertEquals(2, known.lines().filter(l -> !l.isBlank()).count(), known);
    } finally {
      connected.forEach(SshHost::close);
    }
    // Again, with the keys recorded: the same keys are accepted.
    inventory.connect(folder.resolve("run")).forEach(SshHost::close);
  }

  @Test
  void anUnreachableHostIsNamedAndNothingStaysOpen() throws IOException {
    NetnsHosts h = hosts();
    // n2's port 2222 has no sshd: the connection is refused at once.
    String message = refusal(entry(h.host(0), "root", h.key(), 22), entry(h.host(1), "root", h.key(), 2222));
    assertTrue(message.startsWith("ssh host n2 (" + h.host(1).address() + "): unreachable"), message);
    assertNothingOpenOn(h.host(0));
  }

  @Test
  void badCredentialsAreNamed() throws IOException {
    NetnsHosts h = hosts();
    String message = refusal(entry(h.host(0), "root", h.key(), 22), entry(h.host(1), "root", h.strangerKey(), 22));
    assertTrue(message.startsWith("ssh host n2 (" + h.host(1).address() + "): refused the key " + h.strangerKey()
        + " for user root"), message);
    assertNothingOpenOn(h.host(0));
  }

  @Test
  void aUserWithoutSudoIsNamed() throws IOException {
    NetnsHosts h = hosts();
    String message = refusal(entry(h.host(0), h.userWithoutSudo(), h.key(), 22));
    assertTrue(message.startsWith("ssh host n1 (" + h.host(0).address() + "): user " + h.userWithoutSudo()
        + " cannot sudo without a password"), message);
    assertNothingOpenOn(h.host(0));
  }

  @Test
  void aChangedHostKeyIsRefused() throws IOException {
    NetnsHosts h = hosts();
    Path known = folder.resolve("run/known_hosts");
    Files.createDirectories(known.getParent());
    // The stranger's public key recorded for n1, as if n1 had been another machine before.
    Files.writeString(known, h.host(0).address() + " " + Files.readString(Path.of(h.strangerKey() + ".pub")));
    String message = refusal(entry(h.host(0), "root", h.key(), 22));
    assertTrue(message.startsWith("ssh host n1 (" + h.host(0).address() + "): its host key"), message);
    assertTrue(message.contains("differs from the one recorded in " + known), message);
  }

  // ---- helpers ----

  private String refusal(String... entries) throws IOException {
    Inventory inventory = Inventory.read(inventory(entries));
    HostException e = assertThrows(HostException.class, () -> inventory.connect(folder.resolve("run")));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  /** The host's namespace is back to its sshd listener alone: no session of ours is left open. */
  private static void assertNothingOpenOn(NetnsHosts.NetnsHost host) {
    assertTrue(Polling.until(Duration.ofSeconds(10), Duration.ofMillis(100), () -> hosts.processesOn(host) == 1),
        "a session to " + host.name() + " stayed open");
  }

  private String entry(NetnsHosts.NetnsHost host, String user, Path key, int port) {
    return "{\"name\": \"" + host.name() + "\", \"address\": \"" + host.address() + "\", \"port\": " + port
        + ", \"user\": \"" + user + "\", \"key\": \"" + key + "\", \"folder\": \"" + host.runFolder() + "\"}";
  }

  private Path inventory(String... entries) throws IOException {
    return write("inventory.json", "{\"topology\": \"redis-single\", \"hosts\": [" + String.join(", ", entries) + "]}");
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(folder.resolve(name), content);
  }
}
