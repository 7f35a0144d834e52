package faultline.environments.local;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.environments.Endpoint;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The kernel's word on who listens where: how a Toxiproxy of ours is told from another program's. */
class ListenersTest {

  @Test
  void theProcessHoldingAListeningSocketIsKnownAndNoOtherIs() throws Exception {
    long self = ProcessHandle.current().pid();
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.77", 0));
      Endpoint endpoint = new Endpoint("127.0.0.77", socket.getLocalPort());
      assertThat(Listeners.holds(self, endpoint)).isTrue();
      assertThat(Listeners.holds(ProcessHandle.current().parent().orElseThrow().pid(), endpoint)).isFalse();
      assertThat(Listeners.holds(self, new Endpoint("127.0.0.78", socket.getLocalPort()))).as("another address").isFalse();
    }
  }

  @Test
  void nothingListeningIsHeldByNobody() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.77", 0));
      port = socket.getLocalPort();
    }
    assertThat(Listeners.holds(ProcessHandle.current().pid(), new Endpoint("127.0.0.77", port))).isFalse();
  }
}
