package faultline.environments;

/** A TCP address on this machine: a loopback host and a port. */
public record Endpoint(String host, int port) {

  public Endpoint {
    if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
  }

  /** Parses {@code host:port}, as Toxiproxy reports a proxy's listen address. */
  public static Endpoint parse(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    if (colon <= 0) throw new IllegalArgumentException("not host:port: " + hostAndPort);
    return new Endpoint(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
  }

  /** pgJDBC's URL of {@code database} on the PostgreSQL server at this address. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
