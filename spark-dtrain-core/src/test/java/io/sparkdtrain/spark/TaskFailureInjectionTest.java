package io.sparkdtrain.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskFailureInjection} without Spark: its choice of tasks is a seeded function of (stage,
 * partition) whose share is close to F, F = 0 leaves an RDD untouched, and bad shares name the
 * setting and the value. (Its effect on real retries is tested end to end by
 * {@code RetriesAndSpeculationE2ETest} and {@code dtrain train --inject-task-failures}.)
 */
class TaskFailureInjectionTest {

  @Test
  void choosesASeededShareOfTasks() {
    TaskFailureInjection f = new TaskFailureInjection(0.3, 7);
    int chosen = 0;
    for (int stage = 0; stage < 100; stage++) {
      for (int p = 0; p < 100; p++) {
        boolean c = f.failsFirstAttempt(stage, p);
        assertEquals(c, new TaskFailureInjection(0.3, 7).failsFirstAttempt(stage, p), "same seed, same choice");
        chosen += c ? 1 : 0;
      }
    }
    // 10,000 Bernoulli(0.3) draws: standard deviation 46; 5 sigma is 230
    assertEquals(3000, chosen, 230);
  }

  @Test
  void zeroShareLeavesTheRddAlone() {
    JavaRDD<String> rdd = null;
    assertSame(rdd, new TaskFailureInjection(0, 1).wrap(rdd));
    assertTrue(!new TaskFailureInjection(0, 1).failsFirstAttempt(0, 0));
  }

  @Test
  void badShareNamesTheSettingAndValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TaskFailureInjection(1, 1));
    assertEquals("Cannot set share to 1.0, the value must be in [0, 1) (1 would fail every task's first attempt "
        + "of every stage)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TaskFailureInjection(Double.NaN, 1));
  }
}
