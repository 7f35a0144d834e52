package faultline.cli;

import faultline.checker.UnknownName;
import faultline.checker.format.EdnHistoryWriter;
import faultline.checker.format.HistoryFiles;
import faultline.checker.format.HistoryFormat;
import faultline.checker.format.JsonlHistoryWriter;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code faultline export}: any history faultline reads, written for the peers' tools: EDN, one op
 * map per line (Knossos, Elle, elle-cli, Jepsen's history.edn), or a JSON array of op maps
 * (elle-cli's JSON).
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a history (any format check reads) to stdout as EDN, one op map per line, or as a JSON array of op maps.",
      "Exit codes: 0 written, 64 bad input."
    })
public final class ExportCommand implements Callable<Integer> {

  @Option(names = "--format", paramLabel = "F", required = true, description = "edn or json")
  String format;

  @Option(names = "--from", paramLabel = "F", defaultValue = "auto", description = "the input's format (default: auto)")
  String from;

  @Parameters(paramLabel = "FILE", arity = "1", description = "a history file, or a run folder")
  Path file;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("edn") && !format.equals("json")) throw new UserError(ExitCode.USAGE, UnknownName.message("export format", format, List.of("edn", "json")));
    HistoryFormat input = CheckCommand.inputFormat(from);
    History history;
    try {
      var read = HistoryFiles.load(file, input);
      read.notes().forEach(note -> System.err.println("faultline: " + note));
      history = read.history();
    } catch (MalformedHistoryException e) {
      throw new UserError(ExitCode.USAGE, e.getMessage());
    } catch (NoSuchFileException e) {
      throw new UserError(ExitCode.USAGE, file + ": no such file");
    }
    Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    write(history.ops(), format, out);
    out.flush();
    return ExitCode.VALID;
  }

  static void write(List<Op> ops, String format, Writer out) throws IOException {
    if (format.equals("edn")) {
      for (Op op : ops) out.write(EdnHistoryWriter.line(op) + "\n");
      return;
    }
    out.write("[");
    for (int i = 0; i < ops.size(); i++) out.write((i == 0 ? "" : ",") + "\n" + JsonlHistoryWriter.line(ops.get(i)));
    out.write("\n]\n");
  }
}
