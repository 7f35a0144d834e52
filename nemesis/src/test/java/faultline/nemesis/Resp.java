package faultline.nemesis;

import faultline.environments.Endpoint;
import faultline.environments.Environment;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis connection speaking RESP over one socket with a read timeout: the tests measure exactly
 * what a fault does to one connection (a time-out, a reset, a slow reply), with no client library
 * reconnecting or retrying in between.
 */
final class Resp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private String password;
  private boolean authReplyPending;

  Resp(Environment env, Endpoint endpoint, int timeoutMillis) throws IOException {
    this(env, endpoint, timeoutMillis, null);
  }

  /** A connection from {@code fromHost} (a node's own address, as its peer connections leave), or any. */
  Resp(Environment env, Endpoint endpoint, int timeoutMillis, String fromHost) throws IOException {
    socket = new Socket();
    if (fromHost != null) socket.bind(new InetSocketAddress(fromHost, 0));
    socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeoutMillis);
    socket.setSoTimeout(timeoutMillis);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
    // Every server of the environment requires its password: AUTH goes with the first command,
    // in the same write, so that a fault applied before it meets that command as it would alone.
    password = env.credentials().password();
  }

  /** One command on a fresh connection. */
  static Object once(Environment env, Endpoint endpoint, int timeoutMillis, String... command) throws IOException {
    try (Resp r = new Resp(env, endpoint, timeoutMillis)) {
      return r.call(command);
    }
  }

  Object call(String... command) throws IOException {
    send(command);
    return next();
  }

  /** Writes a command and does not wait for its reply (which {@link #receive(int)} reads). */
  void send(String... command) throws IOException {
    StringBuilder request = new StringBuilder();
    if (password != null) {
      encode(request, "AUTH", password);
      password = null;
      authReplyPending = true;
    }
    encode(request, command);
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void encode(StringBuilder request, String... command) {
    request.append("*").append(command.length).append("\r\n");
    for (String part : command) {
      request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
    }
  }

  /** The next reply, after the AUTH's (+OK, or an error thrown) when that has not been read yet. */
  private Object next() throws IOException {
    if (authReplyPending) {
      read();
      authReplyPending = false;
    }
    return read();
  }

  /**
   * The next reply or pushed message, waiting at most {@code timeoutMillis}; a
   * SocketTimeoutException when nothing came (the connection stays usable).
   */
  Object receive(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    return next();
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) throw new IOException("connection closed by peer");
    String line = line();
    return switch (type) {
      case '+' -> line;
      case '-' -> throw new IOException("Redis error: " + line);
      case ':' -> Long.parseLong(line);
      case '$' -> {
        int length = Integer.parseInt(line);
        if (length < 0) yield null;
        byte[] data = in.readNBytes(length + 2);
        if (data.length < length + 2) throw new IOException("connection closed mid-reply");
        yield new String(data, 0, length, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int n = Integer.parseInt(line);
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(read());
        yield items;
      }
      default -> throw new IOException("unexpected RESP type " + (char) type);
    };
  }

  private String line() throws IOException {
    StringBuilder s = new StringBuilder();
    int c;
    while ((c = in.read()) != '\r') {
      if (c < 0) throw new IOException("connection closed by peer");
      s.append((char) c);
    }
    in.read();
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
