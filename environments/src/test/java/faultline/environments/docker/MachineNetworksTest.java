package faultline.environments.docker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineNetworksTest {
  private static final String ROUTES = """
      default via 192.0.2.1 dev eth0
      10.213.7.0/24 dev flsshab12cb proto kernel scope link src 10.213.7.1
      172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown
      local 10.214.9.1 dev br-x table local proto kernel scope host src 10.214.9.1
      broadcast 127.255.255.255 dev lo table local proto kernel scope link src 127.0.0.1
      """;

  @Test
  void aSubnetOverlappingARouteOrAnAddressIsTaken() {
    MachineNetworks machine = MachineNetworks.parse(ROUTES);
    assertTrue(machine.overlaps("10.213.7.0/24"), "the ssh test hosts' bridge");
    assertTrue(machine.overlaps("10.214.9.0/24"), "an address of this machine's inside it");
    assertTrue(machine.overlaps("172.17.3.0/24"), "inside a wider network");
  }

  @Test
  void theDefaultRouteTakesNothing() {
    MachineNetworks machine = MachineNetworks.parse(ROUTES);
    assertFalse(machine.overlaps("10.214.8.0/24"));
    assertFalse(machine.overlaps("10.213.8.0/24"));
  }
}
