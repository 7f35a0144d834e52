package faultline.checker.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TripleTest {

  @Test
  void isTheListOfItsThreeValues() {
    Triple t = new Triple("append", 7L, null);
    List<Object> same = new ArrayList<>(Arrays.asList("append", 7L, null));
    assertThat(t).containsExactly("append", 7L, null).isEqualTo(same);
    assertThat(same).isEqualTo(t);
    assertThat(t.hashCode()).isEqualTo(same.hashCode());
    assertThat(t).hasToString("[append, 7, null]");
    assertThat(t).isNotEqualTo(List.of("append", 7L));
    assertThatThrownBy(() -> t.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> t.add(1L)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aReaderMakesOneOfEveryThreeValueArray() throws Exception {
    var history = new JsonlHistoryReader("t").read("{\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"r\",1,[1,2,3]],[\"append\",1,4]]}\n");
    List<?> mops = (List<?>) history.ops().get(0).value();
    assertThat(mops.get(0)).isInstanceOf(Triple.class).isEqualTo(List.of("r", 1L, List.of(1L, 2L, 3L)));
    assertThat(((List<?>) mops.get(0)).get(2)).isInstanceOf(Triple.class);
    assertThat(mops.get(1)).isEqualTo(List.of("append", 1L, 4L));
  }
}
