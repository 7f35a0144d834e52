package faultline.workloads;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A buffer that hands its content to the file only in whole lines: on {@link #flush()}, and
 * when it grows past its size at the end of a line. A reader of a history still being written,
 * or left by a run killed with SIGKILL, therefore never meets half an event (a plain
 * BufferedWriter spills whenever its buffer fills, mid-line).
 */
final class LineBufferedWriter extends Writer {
  private static final int SPILL_AT = 1 << 16;
  private final OutputStream out;
  private final StringBuilder buffer = new StringBuilder(SPILL_AT + 1024);
  private long written;

  LineBufferedWriter(OutputStream out) {
    this.out = out;
  }

  @Override
  public synchronized void write(char[] chars, int offset, int length) throws IOException {
    buffer.append(chars, offset, length);
    spillIfFull();
  }

  @Override
  public synchronized void write(String s) throws IOException {
    buffer.append(s);
    spillIfFull();
  }

  @Override
  public synchronized void write(int c) throws IOException {
    buffer.append((char) c);
    spillIfFull();
  }

  private void spillIfFull() throws IOException {
    if (buffer.length() >= SPILL_AT && buffer.charAt(buffer.length() - 1) == '\n') flush();
  }

  /** Writes every complete line buffered; a partial line waits for its end. */
  @Override
  public synchronized void flush() throws IOException {
    int end = buffer.lastIndexOf("\n") + 1;
    if (end == 0) return;
    byte[] lines = buffer.substring(0, end).getBytes(StandardCharsets.UTF_8);
    out.write(lines);
    out.flush();
    written += lines.length;
    buffer.delete(0, end);
  }

  /** Bytes handed to the file in whole lines; a failed write may have left part of a line after them. */
  synchronized long written() {
    return written;
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
