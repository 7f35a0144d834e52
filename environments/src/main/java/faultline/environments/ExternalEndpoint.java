package faultline.environments;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A server faultline did not start, as {@code --endpoint} names it: an optional role, then a URL
 * of the form every client library and Testcontainers' {@code getJdbcUrl}/{@code getRedisURI}
 * users know:
 *
 * <pre>
 *   redis://[:PASSWORD@]HOST:PORT                 (or redis://default:PASSWORD@HOST:PORT)
 *   postgres://USER:PASSWORD@HOST:PORT/DATABASE   (postgresql:// too)
 *   primary=redis://...   replica=redis://...     (the role; the first endpoint is the primary when none is named)
 * </pre>
 *
 * The password may be percent-encoded, as in any URL. It is never printed: {@link #toString()}
 * and {@link #redacted()} leave it out.
 *
 * @param name the node's name in the run, n1, n2, ... in the order given
 * @param database the PostgreSQL database the workloads use ({@code postgres} when the URL names none); empty for Redis
 */
public record ExternalEndpoint(String name, Role role, boolean redis, Endpoint address, String user, String password, String database) {

  public ExternalEndpoint {
    if (role == Role.SENTINEL) throw new IllegalArgumentException("an endpoint is a primary or a replica");
  }

  /** Parses one {@code --endpoint} value; {@code name} is the node name it gets. */
  public static ExternalEndpoint parse(String name, String spec) {
    String url = spec;
    Role role = null;
    int eq = spec.indexOf('=');
    int scheme = spec.indexOf("://");
    if (eq > 0 && (scheme < 0 || eq < scheme)) {
      String r = spec.substring(0, eq).toLowerCase(Locale.ROOT);
      role = switch (r) {
        case "primary" -> Role.PRIMARY;
        case "replica" -> Role.REPLICA;
        default -> throw new IllegalArgumentException("--endpoint " + redactedSpec(spec) + ": unknown role '" + r + "' (primary or replica)");
      };
      url = spec.substring(eq + 1);
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw bad(spec, "not a URL");
    }
    String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean redis = s.equals("redis");
    if (!redis && !s.equals("postgres") && !s.equals("postgresql")) throw bad(spec, "the scheme must be redis:// or postgres://");
    if (uri.getHost() == null || uri.getPort() < 0) throw bad(spec, "HOST:PORT is required");
    String userInfo = uri.getRawUserInfo();
    String user = "";
    String password = "";
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
      password = colon < 0 ? "" : decode(userInfo.substring(colon + 1));
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = "";
    if (redis) {
      if (!user.isEmpty() && !user.equals("default")) throw bad(spec, "only Redis' default user is supported (redis://:PASSWORD@HOST:PORT)");
      if (!path.isEmpty() && !path.equals("/") && !path.equals("/0")) throw bad(spec, "the workloads use database 0; leave the path out");
      user = "default";
    } else {
      if (user.isEmpty()) throw bad(spec, "a user is required (postgres://USER:PASSWORD@HOST:PORT/DATABASE)");
      database = path.length() > 1 ? path.substring(1) : "postgres";
      if (!database.matches("[A-Za-z0-9_][A-Za-z0-9_$.-]{0,62}")) throw bad(spec, "the path must be one database name (letters, digits, _ $ . -)");
    }
    // The servers faultline starts require a password (DESIGN.md, threat model), and its clients always present one.
    if (password.isEmpty()) throw bad(spec, "a password is required (" + (redis ? "redis://:PASSWORD@HOST:PORT" : "postgres://USER:PASSWORD@HOST:PORT/DATABASE") + ")");
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) throw bad(spec, "no query or fragment is taken");
    return new ExternalEndpoint(name, role == null ? Role.PRIMARY : role, redis, new Endpoint(uri.getHost(), uri.getPort()), user, password, database);
  }

  /**
   * Every {@code --endpoint} value, named n1, n2, ... in order. Without roles, one endpoint is the
   * primary; with several, each must say its role, and exactly one is the primary. All are of one
   * database and present the same credentials (a run has one {@link Credentials}).
   */
  public static List<ExternalEndpoint> parseAll(List<String> specs) {
    if (specs.isEmpty()) throw new IllegalArgumentException("--endpoint is required for an external run");
    List<ExternalEndpoint> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) out.add(parse("n" + (i + 1), specs.get(i)));
    if (out.size() > 1) {
      for (int i = 0; i < specs.size(); i++) {
        String spec = specs.get(i);
        if (!spec.contains("=") || spec.indexOf('=') > spec.indexOf("://")) {
          throw bad(spec, "with several endpoints, each names its role: primary=URL, replica=URL");
        }
      }
    }
    long primaries = out.stream().filter(e -> e.role() == Role.PRIMARY).count();
    if (primaries != 1) throw new IllegalArgumentException("--endpoint: exactly one primary is needed, not " + primaries);
    ExternalEndpoint first = out.get(0);
    for (ExternalEndpoint e : out) {
      if (e.redis() != first.redis()) throw new IllegalArgumentException("--endpoint: every endpoint is of one database (redis:// or postgres://)");
      if (!e.user().equals(first.user()) || !e.password().equals(first.password()) || !e.database().equals(first.database())) {
        throw new IllegalArgumentException("--endpoint " + e.redacted() + ": every endpoint takes the same user, password and database as " + first.redacted());
      }
      if (out.stream().filter(o -> o.address().equals(e.address())).count() > 1) {
        throw new IllegalArgumentException("--endpoint " + e.redacted() + ": named twice");
      }
    }
    return out;
  }

  /** The topology these endpoints form: {@link Topology#REDIS_EXTERNAL} or {@link Topology#PG_EXTERNAL}. */
  public static Topology topologyOf(List<ExternalEndpoint> endpoints) {
    return endpoints.get(0).redis() ? Topology.REDIS_EXTERNAL : Topology.PG_EXTERNAL;
  }

  public Credentials credentials() {
    return new Credentials(user, password);
  }

  /**
   * The endpoint as given, its password as {@code ***}: {@code primary=postgres://app:***@10.0.0.5:5432/test}.
   * {@code --endpoint} takes it back once the password is put in.
   */
  public String redacted() {
    return role.name().toLowerCase(Locale.ROOT) + "=" + (redis ? "redis://:***@" : "postgres://" + user + ":***@") + address
        + (redis ? "" : "/" + database);
  }

  @Override
  public String toString() {
    return name + " (" + redacted() + ")";
  }

  private static IllegalArgumentException bad(String spec, String why) {
    return new IllegalArgumentException("--endpoint " + redactedSpec(spec) + ": " + why);
  }

  /** A value as given, its password (between the user's colon and the @) replaced. */
  private static String redactedSpec(String spec) {
    return spec.replaceAll("(://[^/@:]*:)[^@/]*@", "$1***@");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
