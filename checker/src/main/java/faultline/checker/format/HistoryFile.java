package faultline.checker.format;

import faultline.checker.history.History;
import java.util.List;

/**
 * A history as read from a file or a run folder: its events, the format they were read in
 * (which decides what a nil read means, see {@link HistoryFormat#nilReads()}), and what the
 * reader had to say about the file without refusing it (such as a last line cut mid-write).
 */
public record HistoryFile(History history, HistoryFormat format, List<String> notes) {
  public HistoryFile {
    notes = List.copyOf(notes);
  }
}
