package faultline.environments.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import faultline.environments.EnvironmentUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A run's share of the Docker engine: a network of its own (a bridge with a subnet of its own,
 * labelled with its {@link RunOwner}) and one container per node on it, each a {@link DockerHost}.
 * {@link #close} removes the containers and the network; a shutdown hook does the same if the
 * JVM ends without it, and {@link Leftovers} removes what a killed JVM left.
 */
public final class DockerRun implements AutoCloseable {
  /**
   * Private /24 subnets are tried from here on until the engine takes one that no network of the
   * engine's and no route of this machine's overlaps. Not 10.213.0.0/16: the ssh test hosts
   * ({@code scripts/netns-hosts}) take theirs there, so both can run at once.
   */
  private static final String SUBNET_PREFIX = "10.214.";
  private static final int SUBNET_TRIES = 64;
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  private static final String[] PATH_ENV = {
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"};

  private final DockerClient client;
  private final RunOwner owner;
  private final String image;
  private final String networkId;
  private final String networkName;
  private final String subnet;
  private final String gateway;
  private final List<DockerHost> hosts = new CopyOnWriteArrayList<>();
  private final Thread shutdownHook;
  private volatile boolean closed;

  private DockerRun(DockerClient client, RunOwner owner, String image, String networkId, String networkName, String subnet, String gateway) {
    this.client = client;
    this.owner = owner;
    this.image = image;
    this.networkId = networkId;
    this.networkName = networkName;
    this.subnet = subnet;
    this.gateway = gateway;
    this.shutdownHook = new Thread(this::removeAll, "faultline-docker-run-" + owner.run());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a run on {@code image} (which must be present: {@link ServerImages#ensure}): first
   * removes the leftovers of this user's dead runs, then makes the run's network.
   */
  public static DockerRun start(String image) {
    DockerClient client = DockerEngine.client();
    Leftovers.sweep(client);
    RunOwner owner = RunOwner.ofThisProcess();
    String name = "faultline-" + owner.run();
    int first = ThreadLocalRandom.current().nextInt(256);
    String lastRefusal = "";
    MachineNetworks machine = MachineNetworks.now();
    for (int i = 0; i < SUBNET_TRIES; i++) {
      String network = SUBNET_PREFIX + ((first + i) % 256);
      String subnet = network + ".0/24";
      if (machine.overlaps(subnet)) {
        lastRefusal = subnet + " overlaps a route of this machine's";
        continue;
      }
      try {
        String id = DockerEngine.within(CALL_TIMEOUT, "create network " + name, () -> client.createNetworkCmd()
            .withName(name).withDriver("bridge").withLabels(owner.labels()).withCheckDuplicate(true)
            .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(subnet).withGateway(network + ".1")))
            .exec().getId());
        return new DockerRun(client, owner, image, id, name, subnet, network + ".1");
      } catch (DockerException e) {
        lastRefusal = DockerEngine.oneLine(e); // most likely another network holds the subnet: the next one
      }
    }
    throw new EnvironmentUnavailableException("docker: no free subnet for network " + name + " after " + SUBNET_TRIES
        + " tries (last refusal: " + lastRefusal + ")");
  }

  public RunOwner owner() {
    return owner;
  }

  public String networkName() {
    return networkName;
  }

  /** The network's subnet, e.g. 10.214.7.0/24. */
  public String subnet() {
    return subnet;
  }

  /**
   * This machine's address on the run's network (its bridge): the containers reach this machine
   * there, and this machine's programs can listen there.
   */
  public String gateway() {
    return gateway;
  }

  /**
   * Starts node {@code name}'s container and returns its host: the run's image, {@code sleep
   * infinity} under the engine's init (which reaps what the node's servers leave), NET_ADMIN for
   * a packet filter inside (the docker environment's partitions filter on this machine instead,
   * where every pair's packets pass), the node's name as host name and as its name on the network.
   */
  public DockerHost host(String name) {
    return host(name, image);
  }

  /** {@link #host(String)} on another image (present in the engine): a run may hold Redis and PostgreSQL images of the user's. */
  public DockerHost host(String name, String image) {
    if (closed) throw new IllegalStateException("docker run " + owner.run() + " is closed");
    String containerName = networkName + "-" + name;
    HostConfig hostConfig = HostConfig.newHostConfig()
        .withInit(true)
        .withCapAdd(Capability.NET_ADMIN)
        .withNetworkMode(networkName)
        .withShmSize(256L * 1024 * 1024);
    String id;
    try {
      id = DockerEngine.within(CALL_TIMEOUT, "create container " + containerName, () -> client.createContainerCmd(image)
          .withName(containerName).withHostName(name).withLabels(owner.labels()).withEnv(PATH_ENV)
          .withCmd("sleep", "infinity").withHostConfig(hostConfig).withAliases(name).exec().getId());
    } catch (NotFoundException e) {
      throw new EnvironmentUnavailableException("docker: image " + image + " is not present (make it with scripts/docker-image)");
    } catch (DockerException e) {
      throw new EnvironmentUnavailableException("docker: creating container " + containerName + ": " + DockerEngine.oneLine(e), "", e);
    }
    DockerHost[] made = new DockerHost[1];
    try {
      DockerEngine.within(CALL_TIMEOUT, "start container " + containerName, () -> {
        client.startContainerCmd(id).exec();
        return null;
      });
      InspectContainerResponse inspected = DockerEngine.within(CALL_TIMEOUT, "inspect container " + containerName,
          () -> client.inspectContainerCmd(id).exec());
      ContainerNetwork network = inspected.getNetworkSettings().getNetworks().get(networkName);
      if (network == null || network.getIpAddress() == null || network.getIpAddress().isEmpty()) {
        throw new EnvironmentUnavailableException("docker: container " + containerName + " has no address on " + networkName);
      }
      made[0] = new DockerHost(client, name, id, network.getIpAddress(), () -> hosts.remove(made[0]));
      hosts.add(made[0]);
      return made[0];
    } catch (RuntimeException e) {
      removeContainer(id);
      if (e instanceof EnvironmentUnavailableException unavailable) throw unavailable;
      throw new EnvironmentUnavailableException("docker: starting container " + containerName + ": " + DockerEngine.oneLine(e), "", e);
    }
  }

  /** The hosts not closed yet. */
  public List<DockerHost> hosts() {
    return List.copyOf(hosts);
  }

  /** Removes every container of the run and its network. Safe to call again. */
  @Override
  public void close() {
    removeAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs (or ran) removeAll itself
    }
  }

  private synchronized void removeAll() {
    if (closed) return;
    closed = true;
    for (DockerHost host : new ArrayList<>(hosts)) {
      try {
        host.close();
      } catch (RuntimeException e) {
        // the rest is still removed; a sweep finds what stays
      }
    }
    // Containers of the run that no host knows (one whose start failed half-way) go too.
    Leftovers.removeRun(client, owner.run());
    try {
      DockerEngine.within(CALL_TIMEOUT, "remove network " + networkName, () -> {
        client.removeNetworkCmd(networkId).exec();
        return null;
      });
    } catch (NotFoundException e) {
      // removed already
    }
  }

  private void removeContainer(String id) {
    try {
      DockerEngine.within(CALL_TIMEOUT, "remove container " + id, () -> {
        client.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        return null;
      });
    } catch (RuntimeException e) {
      // the run's close (or a sweep) removes it by its labels
    }
  }

  /** The labels of the run's objects, e.g. for {@code docker ps --filter label=...}. */
  public Map<String, String> labels() {
    return owner.labels();
  }
}
