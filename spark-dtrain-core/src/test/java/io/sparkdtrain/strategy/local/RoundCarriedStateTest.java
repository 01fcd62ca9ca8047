package io.sparkdtrain.strategy.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What a task of round r reads from the carried state, for every position of the partition's entry. */
class RoundCarriedStateTest {

  @Test
  void aTaskReadsLastRoundsValueARetryTheValueItsRoundStartedFromAndAnythingElseStartsAfresh() {
    RoundCarriedState<String> state = new RoundCarriedState<>();
    assertNull(state.carriedInto("run", 0, 1), "no entry: a fresh start");
    state.store("run", 0, 1, null, "after 1");
    assertEquals("after 1", state.carriedInto("run", 0, 2), "round 2 reads round 1's value");
    state.store("run", 0, 2, "after 1", "after 2");
    assertEquals("after 1", state.carriedInto("run", 0, 2), "a retry of round 2 reads what round 2 started from");
    assertEquals("after 2", state.carriedInto("run", 0, 3));
    assertNull(state.carriedInto("run", 0, 4), "an entry older than the last round: a fresh start");
    assertNull(state.carriedInto("run", 1, 3), "another partition");
    assertNull(state.carriedInto("other", 0, 3), "another run");

    state.store("other", 0, 1, null, "x");
    assertEquals(2, state.size());
    assertEquals("{other/0=x, run/0=after 2}", state.snapshot(v -> v).toString());
    state.clear("run");
    assertEquals(1, state.size(), "only the run's entries are removed");
    assertNull(state.carriedInto("run", 0, 3));
  }
}
