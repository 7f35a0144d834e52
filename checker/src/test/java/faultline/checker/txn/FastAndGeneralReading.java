package faultline.checker.txn;

import static org.assertj.core.api.Assertions.assertThat;

import faultline.checker.format.HistoryFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A JSONL file read both ways, {@link TxnJsonlReader} and the general reader, and what each gives. */
final class FastAndGeneralReading {
  private FastAndGeneralReading() {}

  static Path write(String jsonl) throws Exception {
    Path file = Files.createTempFile("fast-txn", ".jsonl");
    file.toFile().deleteOnExit();
    Files.writeString(file, jsonl, StandardCharsets.UTF_8);
    return file;
  }

  static TxnHistory general(Path file) throws Exception {
    return TxnHistory.of(HistoryFiles.read(file, null));
  }

  /** Asserts the fast reader takes the file and everything the check tells is what the general path tells. */
  static TxnResult sameBothWays(Path file) throws Exception {
    return sameBothWays(file, 1, 1 << 20);
  }

  /** The same, the fast reader cutting the file into {@code slices} parts read at once, through buffers of {@code chunkBytes}. */
  static TxnResult sameBothWays(Path file, int slices, int chunkBytes) throws Exception {
    TxnHistory fast = TxnJsonlReader.read(file, slices, chunkBytes);
    assertThat(fast).as("the fast reader takes %s", file).isNotNull();
    TxnHistory general = general(file);
    assertThat(fast.txns()).isEqualTo(general.txns());
    assertThat(fast.realTimeEvents()).isEqualTo(general.realTimeEvents());
    assertThat(fast.faultWindows()).isEqualTo(general.faultWindows());
    assertThat(fast.notes()).isEqualTo(HistoryFiles.load(file, null).notes());
    TxnResult a = TxnChecker.check(fast, TxnChecker.Options.defaults());
    TxnResult b = TxnChecker.check(general, TxnChecker.Options.defaults());
    assertThat(withoutTime(a)).isEqualTo(withoutTime(b));
    assertThat(a.text(2)).isEqualTo(b.text(2));
    return a;
  }

  private static Map<String, Object> withoutTime(TxnResult r) {
    Map<String, Object> json = r.toJson();
    json.remove("check-ms");
    return json;
  }
}
