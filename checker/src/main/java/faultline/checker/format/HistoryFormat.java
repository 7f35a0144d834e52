package faultline.checker.format;

import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.NilReads;
import java.nio.charset.StandardCharsets;

/**
 * The history formats faultline reads, each with the reading of a nil read that the tool which
 * writes it gives: faultline's own JSONL records a real nil (the client read nil); Jepsen EDN,
 * Jepsen's history.txt and a JSON array of op maps (elle-cli's JSON, which it hands to Knossos)
 * follow Knossos, for which a nil read is a read of unknown value; Jepsen log lines keep the
 * reading Porcupine's etcd test gives them (nil is a value).
 */
public enum HistoryFormat {
  JSONL("jsonl", NilReads.VALUE),
  JSON("json", NilReads.UNKNOWN),
  EDN("edn", NilReads.UNKNOWN),
  JEPSEN_TXT("jepsen-txt", NilReads.UNKNOWN),
  JEPSEN_LOG("jepsen-log", NilReads.VALUE);

  private final String label;
  private final NilReads nilReads;

  HistoryFormat(String label, NilReads nilReads) {
    this.label = label;
    this.nilReads = nilReads;
  }

  public String label() {
    return label;
  }

  /** How this format's writers mean a nil read, unless the user says otherwise. */
  public NilReads nilReads() {
    return nilReads;
  }

  public static HistoryFormat ofLabel(String label) {
    for (HistoryFormat f : values()) if (f.label.equals(label)) return f;
    return null;
  }

  /** Reads {@code text} (the whole file) in this format; {@code source} names it in errors. */
  public History read(String source, String text) throws MalformedHistoryException {
    return switch (this) {
      case JSONL -> new JsonlHistoryReader(source).read(text);
      case JSON -> new JsonArrayHistoryReader(source).read(text.getBytes(StandardCharsets.UTF_8));
      case EDN -> new EdnHistoryReader(source).read(text);
      case JEPSEN_TXT -> JepsenLogReader.historyTxt(source).read(text);
      case JEPSEN_LOG -> new JepsenLogReader(source).read(text);
    };
  }
}
