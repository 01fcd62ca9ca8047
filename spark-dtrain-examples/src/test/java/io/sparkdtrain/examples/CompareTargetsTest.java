package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dtrain compare --target-accuracy A,B}, run in-process on a real {@code local[2]} session and
 * generated data: the first target is the main table's, and a second table gives each run's
 * wall-clock to every target. The reference for each cell is the main table of the same run: its
 * column for the first target, and its final accuracy for whether an unreachable target was reached.
 */
class CompareTargetsTest {
  private static final String[] DATA = {"--master", "local[2]", "--partitions", "2", "--gen-rows", "2000",
      "--gen-test-rows", "500", "--quiet"};

  @AfterAll
  static void stopSpark() {
    CliRunner.stopSessions();
  }

  private static String[] run(String... args) {
    return CliRunner.run(args, DATA);
  }

  /** The cells of the rows starting with "| LABEL " in order of appearance (main table first). */
  private static List<String[]> rows(String text, String label) {
    return text.lines().filter(l -> l.startsWith("| " + label + " ")).map(l -> l.split("\\|")).toList();
  }

  @Test
  void aSecondTableGivesTheWallClockToEveryTarget() {
    String[] r = run("compare", "--strategies", "sync,local:4", "--max-rounds", "6", "--target-accuracy", "0.05,1.0");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("| wall-clock to acc 0.050 | wall-clock to acc 1.000 |"), r[1]);
    for (String label : List.of("sync", "local:4")) {
      List<String[]> found = rows(r[1], label);
      assertEquals(2, found.size(), "a row in each table for " + label + ":\n" + r[1]);
      String[] main = found.get(0);
      String[] targets = found.get(1);
      assertEquals(main[5].trim(), targets[2].trim(), label + ": the first target's cell is the main table's");
      assertTrue(targets[2].trim().endsWith(" s"), label + " reaches 5% accuracy: " + targets[2]);
      double finalAccuracy = Double.parseDouble(main[6].trim());
      assertEquals(finalAccuracy < 1.0, targets[3].trim().equals("not reached"),
          label + ": final accuracy " + finalAccuracy + " but wall-clock to 1.0 is " + targets[3]);
    }
  }

  @Test
  void oneTargetPrintsNoSecondTableAndABadTargetIsNamed() {
    String[] r = run("compare", "--strategies", "sync", "--max-rounds", "2", "--target-accuracy", "0.5");
    assertEquals("0", r[0], r[2]);
    assertEquals(1, rows(r[1], "sync").size(), r[1]);
    r = run("compare", "--strategies", "sync", "--max-rounds", "2", "--target-accuracy", "0.8,1.5");
    assertEquals("2", r[0], r[1] + r[2]);
    assertTrue(r[2].contains("Invalid value '1.5' for option --target-accuracy: must be in (0, 1]"), r[2]);
    assertFalse(r[1].contains("| sync "), "nothing trained: " + r[1]);
  }
}
