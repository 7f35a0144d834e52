package faultline.environments.nodes;

import faultline.environments.Credentials;
import faultline.environments.Endpoint;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the Redis protocol to start and inspect nodes (PING, INFO, CLUSTER, SENTINEL):
 * one command per connection, after an AUTH with the run's password (every server and sentinel
 * faultline starts requires it). A full client would bring its event loop into every user of this
 * module; the workloads use a real client (Lettuce).
 */
public final class Resp {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private Resp() {}

  /** An error reply from the server. */
  public static final class ErrorReply extends IOException {
    ErrorReply(String message) {
      super(message);
    }
  }

  /**
   * Sends one command and returns its reply: a String for simple, bulk and integer replies, a
   * List for arrays, null for a nil reply.
   */
  public static Object call(Endpoint endpoint, Credentials credentials, String... command) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) TIMEOUT.toMillis());
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      // Both at once; the AUTH's reply comes first. AUTH with the password alone is the default user's.
      out.write(encode("AUTH", credentials.password()));
      out.write(encode(command));
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      read(in); // +OK, or an error reply thrown (a server that is not ours refuses our password)
      return read(in);
    }
  }

  /** {@link #call} for commands whose reply is text. */
  public static String text(Endpoint endpoint, Credentials credentials, String... command) throws IOException {
    Object reply = call(endpoint, credentials, command);
    return reply == null ? null : reply.toString();
  }

  /** One field of an INFO reply ("role", "master_link_status", ...), or null. */
  public static String info(Endpoint endpoint, Credentials credentials, String section, String field) throws IOException {
    return field(text(endpoint, credentials, "INFO", section), field);
  }

  public static String field(String info, String field) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(field + ":")) return line.substring(field.length() + 1).trim();
    }
    return null;
  }

  private static byte[] encode(String... command) {
    StringBuilder s = new StringBuilder("*").append(command.length).append("\r\n");
    for (String arg : command) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      s.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Object read(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '+', ':' -> {
        return line;
      }
      case '-' -> throw new ErrorReply(line);
      case '$' -> {
        int length = Integer.parseInt(line);
        if (length < 0) return null;
        byte[] bytes = in.readNBytes(length + 2);
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
      }
      case '*' -> {
        int count = Integer.parseInt(line);
        if (count < 0) return null;
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) items.add(read(in));
        return items;
      }
      case -1 -> throw new IOException("connection closed");
      default -> throw new IOException("unexpected reply type " + (char) type);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\r') {
      if (b == -1) throw new IOException("connection closed");
      line.write(b);
    }
    in.read(); // '\n'
    return line.toString(StandardCharsets.UTF_8);
  }
}
