package io.kafkamesos.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcTableTest {

  @Test
  void readsParentAndSessionAfterTheCommandName() {
    assertThat(ProcTable.parse("31273 (cat) R 31269 31269 13677 0 -1 4194304 101 0"))
        .contains(new ProcTable.Entry(31273, 31269, 13677));
  }

  @Test
  void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
    assertThat(ProcTable.parse("42 (a) b (c)) S 7 42 42 0 -1"))
        .contains(new ProcTable.Entry(42, 7, 42));
  }

  @Test
  void aTruncatedLineIsNoEntry() {
    assertThat(ProcTable.parse("42 (sh) S 7")).isEmpty();
    assertThat(ProcTable.parse("garbage")).isEmpty();
  }

  @Test
  void listsTheMembersOfASession() {
    ProcTable table = ProcTable.of(List.of(new ProcTable.Entry(10, 1, 10),
        new ProcTable.Entry(11, 10, 10), new ProcTable.Entry(12, 1, 10),
        new ProcTable.Entry(20, 1, 20)));

    assertThat(table.inSession(10)).containsExactlyInAnyOrder(10L, 11L, 12L);
    assertThat(table.inSession(99)).isEmpty();
  }

  @Test
  void theLiveTableKnowsThisProcess() {
    long self = ProcessHandle.current().pid();

    assertThat(ProcTable.available()).isTrue();
    assertThat(ProcTable.sessionOf(self)).isPresent();
    assertThat(ProcTable.read().inSession(ProcTable.sessionOf(self).orElseThrow())).contains(self);
  }
}
