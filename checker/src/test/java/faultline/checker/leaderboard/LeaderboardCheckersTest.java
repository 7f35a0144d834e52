package faultline.checker.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import faultline.checker.Explanation;
import faultline.checker.Result;
import faultline.checker.Verdict;
import faultline.checker.history.History;
import faultline.checker.history.MalformedHistoryException;
import faultline.checker.history.Op;
import faultline.checker.history.OpType;
import faultline.checker.history.Process;
import faultline.checker.linear.Budget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderboardCheckersTest {
  private final List<Op> ops = new ArrayList<>();

  private void event(long process, OpType type, String f, Object value) {
    ops.add(new Op(ops.size(), ops.size(), Process.client(process), type, f, "b0", value, null));
  }

  private void incr(long process, String member, long n) {
    event(process, OpType.INVOKE, "incr", List.of(member, n));
    event(process, OpType.OK, "incr", List.of(member, n));
  }

  private void top(long process, long k, List<?> returned) {
    event(process, OpType.INVOKE, "top", k);
    event(process, OpType.OK, "top", returned);
  }

  private Result topK() throws MalformedHistoryException {
    return new TopKChecker().check(History.of("test", ops), Budget.unlimited());
  }

  private Result scores() throws MalformedHistoryException {
    return new MemberScores().check(History.of("test", ops), Budget.unlimited());
  }

  @Test
  void aTopReadOfWhatWasAddedIsValid() throws Exception {
    incr(0, "ann", 3);
    incr(1, "bob", 5);
    incr(0, "cy", 1);
    top(2, 2, List.of(List.of("bob", 5L), List.of("ann", 3L)));
    top(2, 0, List.of(List.of("bob", 5L), List.of("ann", 3L), List.of("cy", 1L)));
    Result result = topK();
    assertThat(result.verdict()).isEqualTo(Verdict.VALID);
    assertThat(result.summary()).isEqualTo("2 top reads over 1 boards");
  }

  @Test
  void aConcurrentIncrementMayOrMayNotShow() throws Exception {
    incr(0, "ann", 3);
    event(1, OpType.INVOKE, "incr", List.of("bob", 5L));
    top(2, 1, List.of(List.of("bob", 5L))); // the increment in flight counts already
    top(2, 1, List.of(List.of("ann", 3L))); // or not yet: bob has nothing acknowledged
    event(1, OpType.INFO, "incr", List.of("bob", 5L));
    assertThat(topK().verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aScoreBelowWhatWasAcknowledgedIsALostUpdate() throws Exception {
    incr(0, "ann", 3);
    incr(1, "ann", 4);
    top(2, 1, List.of(List.of("ann", 4L)));
    Result result = topK();
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.explanations()).extracting(Explanation::type).containsExactly("lost-update");
    assertThat(result.lines()).containsExactly("board \"b0\": process 2's top read (events 4-5) shows \"ann\" at 4, but 7 had been "
        + "acknowledged before it began: increments totalling at least 3 were lost");
    assertThat(result.witness().getFirst().invokeIndex()).isEqualTo(4);
  }

  @Test
  void aMemberLeftOutThatMustHaveOutrankedTheLastIsCaught() throws Exception {
    incr(0, "ann", 3);
    incr(1, "bob", 5);
    top(2, 1, List.of(List.of("ann", 3L)));
    Result result = topK();
    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.lines()).containsExactly("board \"b0\": process 2's top read (events 4-5) leaves out \"bob\", which had 5 "
        + "acknowledged before it began, more than the 3 of \"ann\", the last it shows");
  }

  @Test
  void aShortReadMustShowEveryMemberThatExists() throws Exception {
    incr(0, "ann", 3);
    incr(1, "bob", 1);
    top(2, 5, List.of(List.of("ann", 3L)));
    assertThat(topK().lines()).containsExactly("board \"b0\": process 2's top read (events 4-5) leaves out \"bob\", which had 1 "
        + "acknowledged before it began, though it shows only 1 members of the 5 asked for");
  }

  @Test
  void orderDuplicatesAndStrangersAreCaught() throws Exception {
    incr(0, "ann", 3);
    incr(1, "bob", 5);
    top(2, 3, List.of(List.of("ann", 3L), List.of("bob", 5L)));
    top(2, 3, List.of(List.of("bob", 5L), List.of("bob", 5L), List.of("ann", 3L)));
    top(2, 3, List.of(List.of("bob", 5L), List.of("ann", 3L), List.of("eve", 0L)));
    top(2, 3, List.of(List.of("bob", 6L), List.of("ann", 3L)));
    assertThat(topK().explanations()).extracting(Explanation::type)
        .containsExactly("out-of-order", "duplicate-member", "phantom-member", "phantom-increment");
  }

  @Test
  void tiesMayComeInEitherOrderAndCutEitherMember() throws Exception {
    incr(0, "ann", 3);
    incr(1, "bob", 3);
    top(2, 1, List.of(List.of("ann", 3L)));
    top(2, 1, List.of(List.of("bob", 3L)));
    top(2, 2, List.of(List.of("ann", 3L), List.of("bob", 3L)));
    assertThat(topK().verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void aFailedIncrementCannotShow() throws Exception {
    event(0, OpType.INVOKE, "incr", List.of("ann", 3L));
    event(0, OpType.FAIL, "incr", List.of("ann", 3L));
    top(2, 1, List.of(List.of("ann", 3L)));
    assertThat(topK().explanations()).extracting(Explanation::type).containsExactly("phantom-increment");
  }

  @Test
  void noTopReadIsNothingToJudge() throws Exception {
    incr(0, "ann", 3);
    assertThat(topK().verdict()).isEqualTo(Verdict.UNKNOWN);
  }

  @Test
  void memberScoresAreCounters() throws Exception {
    incr(0, "ann", 3);
    incr(1, "ann", 4);
    event(2, OpType.INVOKE, "score", "ann");
    event(2, OpType.OK, "score", List.of("ann", 7L));
    event(2, OpType.INVOKE, "score", "bob");
    event(2, OpType.OK, "score", java.util.Arrays.asList("bob", null)); // no such member: 0
    assertThat(scores().verdict()).isEqualTo(Verdict.VALID);
    event(2, OpType.INVOKE, "score", "ann");
    event(2, OpType.OK, "score", List.of("ann", 4.0)); // Redis replies with a float
    Result lost = scores();
    assertThat(lost.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(lost.name()).isEqualTo("member-scores");
    assertThat(lost.lines()).containsExactly("key [\"b0\" \"ann\"]: process 2's read (events 8-9) returned 4, but 7 had been "
        + "acknowledged before it began: increments totalling at least 3 were lost");
  }

  @Test
  void badValuesAreRefusedNamingTheEvent() {
    event(0, OpType.INVOKE, "incr", "ann");
    assertThatThrownBy(this::topK).isInstanceOf(MalformedHistoryException.class).hasMessageContaining("event 0: incr needs [member score]");
    assertThatThrownBy(this::scores).isInstanceOf(MalformedHistoryException.class);
    ops.clear();
    event(0, OpType.INVOKE, "top", 2L);
    event(0, OpType.OK, "top", List.of(List.of("ann", 2.5)));
    assertThatThrownBy(this::topK).hasMessageContaining("event 1: a score must be a whole number, got 2.5");
  }
}
