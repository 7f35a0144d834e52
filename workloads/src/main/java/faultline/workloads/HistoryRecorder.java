package faultline.workloads;

import faultline.checker.format.JsonlHistoryWriter;
import faultline.checker.history.History;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Records every invocation and completion, numbered and timed, streaming them to
 * {@code history.jsonl} as they happen and keeping them for the checkers. Index and time are
 * taken under one lock with the write, so the file's order is the order of events in time.
 *
 * <p>The file is flushed every {@link #FLUSH_EVERY_MILLIS} ms, in whole lines, so a run killed
 * with SIGKILL leaves a history that {@code faultline check} reads, missing at most the last
 * fraction of a second.
 *
 * <p>A write that fails (a full disk) is kept as {@link #failure()}: the file is cut back to its
 * last whole line, nothing more is written, and {@link #failed()} tells the workers to stop; the
 * events stay in memory.
 */
public final class HistoryRecorder implements AutoCloseable {
  static final long FLUSH_EVERY_MILLIS = 100;

  private final Path file;
  private final JsonlHistoryWriter writer;
  private final FileOutputStream stream;
  private final LineBufferedWriter lines;
  private final long origin = System.nanoTime();
  private final List<Op> ops = new ArrayList<>();
  private final java.util.Map<ServerIdentity, Object> nodes = new java.util.HashMap<>();
  private final Thread flusher;
  // Not synchronized: on JDK 21 a virtual thread waiting for a monitor pins its carrier thread,
  // and every worker passes here twice per op.
  private final ReentrantLock lock = new ReentrantLock();
  private volatile IOException failure;
  private boolean closed;

  public HistoryRecorder(Path file) throws IOException {
    this.file = file;
    this.stream = new FileOutputStream(file.toFile());
    this.lines = new LineBufferedWriter(stream);
    this.writer = new JsonlHistoryWriter(lines);
    this.flusher = Thread.ofPlatform().daemon().name("faultline-history-flush").start(this::flushOften);
  }

  public Path file() {
    return file;
  }

  /** Nanoseconds since the recorder started: the history's clock. */
  public long now() {
    return System.nanoTime() - origin;
  }

  public Op invoke(Process process, Invocation op) {
    return record(process, OpType.INVOKE, op.f(), op.key(), op.value(), null);
  }

  public Op complete(Process process, Invocation op, Completion completion) {
    // An info keeps what the client knew took place (a claimed job) when it says so.
    Object value = completion.type() == OpType.OK || completion.value() != null ? completion.value() : op.value();
    return record(process, completion.type(), op.f(), op.key(), value, completion.error(), node(completion.servedBy()));
  }

  /** The node field of a server, one map per server for the whole run (every completion repeats it). */
  private Object node(ServerIdentity server) {
    if (server == null) return null;
    lock.lock();
    try {
      return nodes.computeIfAbsent(server, s -> java.util.Collections.unmodifiableMap(s.toJson()));
    } finally {
      lock.unlock();
    }
  }

  /** Records one event; a nemesis records its faults through this too. */
  public Op record(Process process, OpType type, String f, Object key, Object value, String error) {
    return record(process, type, f, key, value, error, null);
  }

  private Op record(Process process, OpType type, String f, Object key, Object value, String error, Object node) {
    lock.lock();
    try {
      Op op = new Op(ops.size(), now(), process, type, f, key, value, error, node);
      ops.add(op);
      if (failure == null && !closed) {
        try {
          writer.write(op);
        } catch (IOException e) {
          failed(e); // kept in memory still
        }
      }
      return op;
    } finally {
      lock.unlock();
    }
  }

  /** The first write that failed, if one did: no event after it reached the file. */
  public Optional<IOException> failure() {
    return Optional.ofNullable(failure);
  }

  /** Whether a write failed: the workers stop at once rather than go on unrecorded. */
  public boolean failed() {
    return failure != null;
  }

  /** Under the lock: keeps the first failure and cuts the file back to its last whole line. */
  private void failed(IOException e) {
    if (failure != null) return;
    failure = e;
    try {
      stream.getChannel().truncate(lines.written()); // shrinking needs no space
    } catch (IOException ignored) {
      // the failure reported is the write's; a reader copes with a cut last line
    }
  }

  /** The events so far, as a history the checkers read. */
  public History history() {
    lock.lock();
    try {
      return History.of(file.toString(), ops);
    } finally {
      lock.unlock();
    }
  }

  public int size() {
    lock.lock();
    try {
      return ops.size();
    } finally {
      lock.unlock();
    }
  }

  private void flushOften() {
    while (true) {
      try {
        Thread.sleep(FLUSH_EVERY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      lock.lock();
      try {
        if (closed) return;
        writer.flush();
      } catch (IOException e) {
        failed(e);
        return;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Writes what is buffered and closes the file; a write that failed is {@link #failure()}, not thrown. */
  @Override
  public void close() {
    flusher.interrupt();
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      try {
        if (failure == null) writer.close();
        else stream.close();
      } catch (IOException e) {
        failed(e);
        try {
          stream.close();
        } catch (IOException alsoClosing) {
          // already reported through failure()
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
