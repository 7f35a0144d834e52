package faultline.checker.txn;

import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.history.EventPairs;
import faultline.checker.history.FaultWindows;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.history.RealTime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The fast way in for big list-append histories in faultline's JSONL: the file's bytes go straight
 * into {@link FlatMops}, transactions are paired by {@link EventPairs} walking its arrays by
 * position (the pairing every reader and checker uses), and no {@link Op} or list is made per
 * event (for a million transactions, those objects and the collector copying them were most of
 * the check). The general {@link History} is read again only if something asks for it.
 *
 * <p>It takes only what it is sure of: client events of exactly the shape faultline writes
 * ({@code index}, {@code time}, a numbered {@code process}, {@code type}, {@code f} "txn", an
 * optional {@code error}, and a {@code value} of {@code ["append", k, int]} and {@code ["r", k,
 * null | [int, ...]]} with integer or plain-string keys), in real-time order (the file's, times
 * that go back getting the same warning as on the general path), every transaction
 * invoked and completed in turn. Any other line is handed to the general JSONL parser, and kept
 * when it is the nemesis' (fault windows need them); anything else about the file, a client line
 * it does not take or a history the pairing would refuse, makes it answer null, and the general
 * reader reads the file, so that every error message stays the general path's own.
 */
public final class TxnJsonlReader {
  /** -Dfaultline.txn.timing=true prints where a check's time went (for bench/), as TxnChecker does. */
  private static final boolean TIMING = Boolean.getBoolean("faultline.txn.timing");
  private static final long NONE = Long.MIN_VALUE;
  private static final byte INVOKE = 0, OK = 1, FAIL = 2, INFO = 3, OTHER = 4;
  private static final OpType[] TYPES = {OpType.INVOKE, OpType.OK, OpType.FAIL, OpType.INFO};
  private static final byte[] TXN = ascii("txn");

  private final String source;
  /** The buffer being parsed. */
  private byte[] b;
  private int p;
  private final FlatMops mops = new FlatMops();
  private final Map<String, String> names = new HashMap<>();
  private final LongInterner keys = new LongInterner();

  // One entry per event, in file order.
  private int events;
  /** Lines read, blank ones included. */
  private long lines;
  private long[] index = new long[1024];
  private long[] time = new long[1024];
  private long[] process = new long[1024];
  private byte[] type = new byte[1024];
  private long[] line = new long[1024];
  private int[] from = new int[1024];
  private int[] count = new int[1024];
  /** A line the general parser reads, and the event it is. */
  private record OtherLine(byte[] text, int event) {}

  private final List<OtherLine> otherLines = new ArrayList<>();

  private TxnJsonlReader(String source) {
    this.source = source;
  }

  /** The file's transactions, or null when the general reader must read it. */
  public static TxnHistory read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return null;
    return read(file, Files.size(file) < PARALLEL_ABOVE_BYTES ? 1 : Runtime.getRuntime().availableProcessors(), CHUNK_BYTES);
  }

  /** Files this big are read in as many slices as there are cores, as the general JSONL reader does. */
  private static final int PARALLEL_ABOVE_BYTES = 4 << 20;
  /**
   * Each slice is read through a buffer this big: the whole file in one array (hundreds of MB)
   * was made in the young generation and copied out of it by the collector.
   */
  private static final int CHUNK_BYTES = 1 << 20;

  /** Read in {@code slices} parts at once, through buffers of {@code chunkBytes} (tests cut small files so). */
  static TxnHistory read(Path file, int slices, int chunkBytes) throws IOException {
    if (!Files.isRegularFile(file)) return null;
    String source = file.toString();
    Supplier<History> general = () -> {
      try {
        return HistoryFiles.read(file, HistoryFormat.JSONL);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (MalformedHistoryException e) {
        throw new IllegalStateException(e);
      }
    };
    long started = System.nanoTime();
    TxnHistory read;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      read = read(source, channel, general, slices, chunkBytes);
    }
    if (TIMING) System.err.printf("txn: fast read %d ms (%s)%n", (System.nanoTime() - started) / 1_000_000, read == null ? "left to the general reader" : "taken");
    return read;
  }

  private static TxnHistory read(String source, FileChannel channel, Supplier<History> general, int slices, int chunkBytes)
      throws IOException {
    long size = channel.size();
    if (size == 0 || byteAt(channel, 0) != '{' || byteAt(channel, size - 1) != '\n') return null;
    long[] bounds = new long[slices + 1];
    bounds[slices] = size;
    for (int i = 1; i < slices; i++) bounds[i] = lineStartFrom(channel, Math.max(bounds[i - 1], size * i / slices));
    List<TxnJsonlReader> parts = new ArrayList<>(slices);
    for (int i = 0; i < slices; i++) parts.add(new TxnJsonlReader(source));
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int i = 0; i < slices; i++) {
        TxnJsonlReader part = parts.get(i);
        long from = bounds[i], to = bounds[i + 1];
        running.add(pool.submit(() -> {
          part.readLines(channel, from, to, chunkBytes);
          return null;
        }));
      }
      for (Future<?> f : running) f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      if (e.getCause() instanceof Error error) throw error; // out of memory: the caller says so, not "internal error"
      throw new IllegalStateException(e.getCause());
    }
    TxnJsonlReader whole = parts.get(0);
    for (int i = 1; i < slices; i++) whole.absorb(parts.get(i));
    if (whole.events == 0) return null;
    List<Op> faults = whole.otherEvents();
    if (faults == null || !whole.inRealTimeOrder()) return null;
    return whole.pair(general, faults);
  }

  private static int byteAt(FileChannel channel, long at) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    return channel.read(one, at) == 1 ? one.get(0) : -1;
  }

  /** The first line start at or after {@code at} (a position just past a newline), or the end. */
  private static long lineStartFrom(FileChannel channel, long at) throws IOException {
    long size = channel.size();
    ByteBuffer window = ByteBuffer.allocate(1 << 16);
    for (long pos = at - 1; pos < size; pos += window.capacity()) {
      if (pos < 0) return 0;
      window.clear();
      int n = channel.read(window, pos);
      for (int i = 0; i < n; i++) if (window.get(i) == '\n') return pos + i + 1;
    }
    return size;
  }

  /** Reads the lines of the file's {@code [from, to)}, which ends a line, through a buffer of its own. */
  private void readLines(FileChannel channel, long from, long to, int chunkBytes) throws IOException {
    long room = to - from;
    // Sized for faultline's lines at once (about 160 bytes an event, 64 a micro-op, 32 an element
    // read): arrays grown by doubling were copied, and copied again by the collector.
    room((int) Math.min(Integer.MAX_VALUE - 16, room / 160));
    mops.reserve((int) Math.min(Integer.MAX_VALUE - 16, room / 64), (int) Math.min(Integer.MAX_VALUE - 16, room / 32));
    b = new byte[(int) Math.min(chunkBytes, Math.max(room, 1))];
    long filePos = from;
    int have = 0, start = 0;
    while (filePos < to) {
      ByteBuffer into = ByteBuffer.wrap(b, have, (int) Math.min(b.length - have, to - filePos));
      int n = channel.read(into, filePos);
      if (n <= 0) throw new IOException("the file shrank while it was read");
      filePos += n;
      have += n;
      start = readLines(start, have);
      if (start == 0 && have == b.length) {
        b = Arrays.copyOf(b, b.length * 2); // a line longer than the buffer
      } else {
        System.arraycopy(b, start, b, 0, have - start);
        have -= start;
        start = 0;
      }
    }
  }

  /**
   * Reads the whole lines of {@code b[start, have)}; where the first line not whole starts. A line
   * is parsed without a first pass for its end: no step of the parser goes past a newline (none
   * matches one), so a client line's parse ends on it; only a line it does not take is scanned.
   */
  private int readLines(int start, int have) {
    int whole = have - 1;
    while (whole >= start && b[whole] != '\n') whole--;
    while (start <= whole) {
      lines++;
      room(events + 1);
      line[events] = lines;
      p = start;
      int mark = mops.size, marks = mops.elementCount;
      if (clientLine()) {
        events++;
        start = p + 1;
        continue;
      }
      mops.size = mark;
      mops.elementCount = marks;
      int end = start;
      while (b[end] != '\n') end++;
      if (!blank(start, end)) {
        type[events] = OTHER;
        otherLines.add(new OtherLine(Arrays.copyOfRange(b, start, end), events));
        events++;
      }
      start = end + 1;
    }
    return start;
  }

  /** Appends what the next slice read. */
  private void absorb(TxnJsonlReader next) {
    room(events + next.events);
    for (int e = 0; e < next.events; e++) {
      int to = events + e;
      index[to] = next.index[e];
      time[to] = next.time[e];
      process[to] = next.process[e];
      type[to] = next.type[e];
      line[to] = lines + next.line[e];
      from[to] = mops.size + next.from[e];
      count[to] = next.count[e];
    }
    for (OtherLine l : next.otherLines) otherLines.add(new OtherLine(l.text(), events + l.event()));
    mops.append(next.mops);
    events += next.events;
    lines += next.lines;
  }

  private boolean blank(int start, int end) {
    for (int i = start; i < end; i++) if (!space(b[i])) return false;
    return true;
  }

  /** Spaces and tabs; not a carriage return, which Jackson counts as a line end (its lines are the general path's). */
  private static boolean space(byte c) {
    return c == ' ' || c == '\t';
  }

  private void room(int needed) {
    if (needed <= index.length) return;
    int n = Math.max(needed, index.length * 2);
    index = Arrays.copyOf(index, n);
    time = Arrays.copyOf(time, n);
    process = Arrays.copyOf(process, n);
    type = Arrays.copyOf(type, n);
    line = Arrays.copyOf(line, n);
    from = Arrays.copyOf(from, n);
    count = Arrays.copyOf(count, n);
  }

  /** Reads the line as a client's transaction event, or says false (nothing it read counts). */
  private boolean clientLine() {
    int seen = 0;
    if (!at('{')) return false;
    do {
      skipSpace();
      int name = fieldName();
      if (name < 0 || (seen & (1 << name)) != 0) return false;
      seen |= 1 << name;
      skipSpace();
      if (!at(':')) return false;
      skipSpace();
      boolean ok = switch (name) {
        case 0 -> (index[events] = integer()) != NONE;
        case 1 -> (time[events] = integer()) != NONE;
        case 2 -> client(process[events] = integer());
        case 3 -> type();
        case 4 -> word(TXN);
        case 5 -> microOps();
        case 6 -> skipError();
        case 7 -> skipNode();
        default -> false;
      };
      if (!ok) return false;
      skipSpace();
    } while (at(','));
    if (!at('}')) return false;
    skipSpace();
    return b[p] == '\n' && (seen & 0b111111) == 0b111111; // error and node are optional
  }

  private boolean at(char c) {
    if (b[p] != c) return false;
    p++;
    return true;
  }

  private void skipSpace() {
    while (space(b[p])) p++;
  }

  private static final String[] FIELDS = {"index", "time", "process", "type", "f", "value", "error", "node"};
  private static final byte[][] FIELD_BYTES = Arrays.stream(FIELDS).map(TxnJsonlReader::ascii).toArray(byte[][]::new);

  private int fieldName() {
    for (int i = 0; i < FIELD_BYTES.length; i++) if (word(FIELD_BYTES[i])) return i;
    return -1;
  }

  /** The quoted word {@code w} at the cursor, taken when it is there. */
  private boolean word(byte[] w) {
    if (b[p] != '"' || p + w.length + 1 >= b.length || b[p + w.length + 1] != '"') return false;
    for (int i = 0; i < w.length; i++) if (b[p + 1 + i] != w[i]) return false;
    p += w.length + 2;
    return true;
  }

  /** A JSON integer as Jackson reads it into a long (no leading zeros, at most 18 digits), or NONE. */
  private long integer() {
    int start = p;
    boolean negative = b[p] == '-';
    if (negative) p++;
    int digits = p;
    long v = 0;
    while (b[p] >= '0' && b[p] <= '9') v = v * 10 + (b[p++] - '0');
    int n = p - digits;
    if (n == 0 || n > 18 || (n > 1 && b[digits] == '0')) return NONE;
    byte next = b[p];
    if (next == '.' || next == 'e' || next == 'E') return NONE;
    return p == start ? NONE : negative ? -v : v;
  }

  /** A client's number as {@link Pairing} takes them; any other process is the general reader's. */
  private static boolean client(long id) {
    return id >= 0 && id < Process.SHARED_CLIENTS;
  }

  private static final byte[][] TYPE_BYTES = {ascii("invoke"), ascii("ok"), ascii("fail"), ascii("info")};

  private boolean type() {
    for (byte t = 0; t < TYPE_BYTES.length; t++) {
      if (word(TYPE_BYTES[t])) {
        type[events] = t;
        return true;
      }
    }
    return false;
  }

  /** A plain string (printable ASCII, no escapes), or null: the end of it, or -1. */
  private int plainString() {
    if (b[p] != '"') return -1;
    int i = p + 1;
    while (b[i] != '"') {
      if (b[i] < 0x20 || b[i] == '\\' || b[i] >= 0x7f) return -1;
      i++;
    }
    return i;
  }

  private boolean skipError() {
    if (isNull()) return true;
    int end = plainString();
    if (end < 0) return false;
    p = end + 1;
    return true;
  }

  /** The serving node, {@code {"name":"n1",...}} of plain strings, skipped: the transactional checks do not use it. */
  private boolean skipNode() {
    if (!at('{')) return false;
    do {
      skipSpace();
      int end = plainString();
      if (end < 0) return false;
      p = end + 1;
      skipSpace();
      if (!at(':')) return false;
      skipSpace();
      if (!skipError()) return false;
      skipSpace();
    } while (at(','));
    return at('}');
  }

  /** The literal {@code null} at the cursor, taken when it is there. */
  private boolean isNull() {
    if (p + 4 >= b.length || b[p] != 'n' || b[p + 1] != 'u' || b[p + 2] != 'l' || b[p + 3] != 'l') return false;
    p += 4;
    return true;
  }

  private static final byte[] APPEND = ascii("append"), READ = ascii("r");

  /** {@code [[...], ...]}: the micro-ops, added to {@link #mops}. */
  private boolean microOps() {
    from[events] = mops.size;
    if (!at('[')) return false;
    skipSpace();
    if (!at(']')) {
      do {
        skipSpace();
        if (!microOp()) return false;
        skipSpace();
      } while (at(','));
      if (!at(']')) return false;
    }
    count[events] = mops.size - from[events];
    return true;
  }

  private boolean microOp() {
    if (!at('[')) return false;
    skipSpace();
    boolean append = word(APPEND);
    if (!append && !word(READ)) return false;
    skipSpace();
    if (!at(',')) return false;
    skipSpace();
    Object key = key();
    if (key == null) return false;
    skipSpace();
    if (!at(',')) return false;
    skipSpace();
    mops.grow();
    int at = mops.size;
    mops.key[at] = key;
    if (append) {
      long v = integer();
      if (v == NONE) return false;
      mops.kind[at] = FlatMops.APPEND;
      mops.value[at] = v;
      mops.length[at] = -1;
    } else if (isNull()) {
      mops.kind[at] = FlatMops.READ;
      mops.length[at] = -1;
    } else {
      if (!at('[')) return false;
      mops.kind[at] = FlatMops.READ;
      mops.value[at] = mops.elementCount;
      skipSpace();
      if (!at(']')) {
        do {
          skipSpace();
          long e = integer();
          if (e == NONE) return false;
          mops.addElement(e);
          skipSpace();
        } while (at(','));
        if (!at(']')) return false;
      }
      mops.length[at] = (int) (mops.elementCount - mops.value[at]);
    }
    skipSpace();
    if (!at(']')) return false;
    mops.size++;
    return true;
  }

  /** An integer key or a plain-string one (one object per key), or null. */
  private Object key() {
    if (b[p] == '"') {
      int end = plainString();
      if (end < 0) return null;
      String name = new String(b, p + 1, end - p - 1, StandardCharsets.US_ASCII);
      p = end + 1;
      return names.computeIfAbsent(name, n -> n);
    }
    long k = integer();
    if (k == NONE) return null;
    return keys.intern(k);
  }

  /**
   * The lines it did not take, read by the general parser: the nemesis' events, or null when one
   * is a client's, is unreadable, or is not numbered and timed (the general path decides those).
   */
  private List<Op> otherEvents() {
    List<Op> out = new ArrayList<>(otherLines.size());
    for (OtherLine l : otherLines) {
      // NUL bytes and UTF-8 are judged by the general path, which names the line.
      for (byte c : l.text()) if (c <= 0) return null;
      Op op;
      try {
        op = HistoryFiles.jsonlEvent(source, l.text(), 0, l.text().length);
      } catch (MalformedHistoryException e) {
        return null;
      }
      if (op == null || op.process().isClient() || op.index() == HistoryFiles.UNNUMBERED || !op.hasTime()) return null;
      int e = l.event();
      index[e] = op.index();
      time[e] = op.time();
      type[e] = op.type() == OpType.INVOKE ? OTHER : (byte) (OTHER + 1);
      out.add(op);
    }
    return out;
  }

  private boolean isInvoke(int e) {
    return type[e] == INVOKE || type[e] == OTHER;
  }

  /**
   * Whether real-time order ({@link RealTime#order}) is the file's order as it is, with indices
   * that increase; else the general path decides (it reorders ties, or refuses the indices).
   */
  private boolean inRealTimeOrder() {
    for (int e = 1; e < events; e++) if (index[e] <= index[e - 1]) return false;
    return RealTime.isFileOrder(new RealTime.Events() {
      @Override
      public int size() {
        return events;
      }

      @Override
      public long time(int e) {
        return time[e];
      }

      @Override
      public boolean completes(int e) {
        return !isInvoke(e);
      }
    });
  }

  /** Pairs invocations with completions by {@link EventPairs}, as {@link TxnHistory#of} does; null where it would refuse. */
  private TxnHistory pair(Supplier<History> general, List<Op> faults) {
    Pairing pairing = new Pairing(this);
    try {
      EventPairs.walk(pairing, pairing);
    } catch (StepAside refused) {
      return null;
    }
    // Completions only, TxnHistory's other shape, the walk refused (a completion of nothing); a
    // history whose transactions are all empty, or which has none, is not told transactional by its
    // ops (TxnWorkload.isTransactional). The flat micro-ops are those of the client events.
    if (mops.size == 0) return null;
    int[] completionOf = pairing.completionOf;
    List<Txn> txns = new ArrayList<>();
    int[] realTime = new int[2 * events];
    int r = 0;
    int[] txnAt = new int[events];
    for (int e = 0; e < events; e++) {
      if (type[e] >= OTHER) continue;
      if (type[e] != INVOKE) {
        Txn t = txns.get(txnAt[e]);
        if (t.committed()) realTime[r++] = 2 * t.id() + 1;
        continue;
      }
      int done = completionOf[e];
      OpType outcome = done < 0 ? OpType.INFO : TYPES[type[done]];
      int id = txns.size();
      txnAt[e] = id;
      if (done >= 0) txnAt[done] = id;
      FlatMops.View view = outcome == OpType.OK ? new FlatMops.View(mops, from[done], count[done], false)
          : new FlatMops.View(mops, from[e], count[e], true);
      txns.add(new Txn(id, Process.client(process[e]), outcome, view, index[e], done < 0 ? -1 : index[done], line[done < 0 ? e : done]));
      if (outcome != OpType.FAIL) realTime[r++] = 2 * id;
    }
    String wentBack = RealTime.wentBack(source, time, line, events);
    return TxnHistory.read(source, general, List.copyOf(txns), Arrays.copyOf(realTime, r), mops,
        FaultWindows.of(History.of(source, faultsAndLast(faults))), wentBack == null ? List.of() : List.of(wentBack));
  }

  /**
   * The client events, paired: each completion's invocation in {@code completionOf}. Whatever
   * {@link TxnHistory#of} or the general reader would refuse (an invocation while one is open, a
   * completion of nothing, timed before its invocation, or unlike it) makes it step aside.
   */
  private static final class Pairing implements EventPairs.Events, EventPairs.Positions<StepAside> {
    // The reader's arrays, held here so the walk reads them without going through the reader.
    private final int events;
    private final byte[] type;
    private final long[] process, time;
    private final int[] from, count;
    private final FlatMops mops;
    final int[] completionOf;

    Pairing(TxnJsonlReader read) {
      events = read.events;
      type = read.type;
      process = read.process;
      time = read.time;
      from = read.from;
      count = read.count;
      mops = read.mops;
      completionOf = new int[events];
      Arrays.fill(completionOf, -1);
    }

    @Override
    public int size() {
      return events;
    }

    /** A client's number, below {@link Process#SHARED_CLIENTS} as {@link #clientLine} takes them; the nemesis' events are skipped. */
    @Override
    public int process(int e) {
      return type[e] >= OTHER ? EventPairs.SKIPPED : (int) process[e];
    }

    @Override
    public boolean invokes(int e) {
      return type[e] == INVOKE;
    }

    @Override
    public void invoked(int e, int stillOpen) throws StepAside {
      if (stillOpen >= 0) throw StepAside.INSTANCE;
    }

    @Override
    public void completed(int e, int call) throws StepAside {
      if (call < 0 || time[e] < time[call]) throw StepAside.INSTANCE;
      if (type[e] == OK && !mops.sameShape(from[e], count[e], from[call], count[call])) throw StepAside.INSTANCE;
      completionOf[call] = e;
    }
  }

  /** The general reader must read the file. */
  private static final class StepAside extends Exception {
    static final StepAside INSTANCE = new StepAside();

    private StepAside() {
      super(null, null, false, false);
    }
  }

  /**
   * The nemesis' events and the history's last event: all {@link FaultWindows} reads (a window
   * still open at the end closes at the last event). A client's last event stands in with its
   * index and time, all that is read of it.
   */
  private List<Op> faultsAndLast(List<Op> faults) {
    int last = events - 1;
    if (type[last] >= OTHER) return faults;
    List<Op> out = new ArrayList<>(faults);
    out.add(new Op(index[last], time[last], Process.client(process[last]), TYPES[type[last]], "txn", null, null, null));
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
