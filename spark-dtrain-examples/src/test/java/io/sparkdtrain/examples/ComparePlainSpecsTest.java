package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code dtrain compare} with a plain spec of every strategy runs each with {@code dtrain train}'s
 * defaults, in-process on a real {@code local[2]} session and generated data. The reference is
 * {@code dtrain train --strategy NAME} on the same data and seed, run in the same test: the
 * deterministic strategies (sync, local) end at the same objective; every strategy ends below the
 * zero model's objective (ln 2), so none diverges with the derived step size.
 */
class ComparePlainSpecsTest {
  private static final String[] DATA = {"--master", "local[2]", "--partitions", "2", "--gen-rows", "2000",
      "--gen-test-rows", "500", "--quiet", "--max-rounds", "5"};

  @AfterAll
  static void stopSpark() {
    CliRunner.stopSessions();
  }

  /** The final objective of {@code label}'s row in compare's table. */
  private static double compareObjective(String out, String label) {
    List<String[]> rows = out.lines().filter(l -> l.startsWith("| " + label + " ")).map(l -> l.split("\\|")).toList();
    assertEquals(1, rows.size(), label + ":\n" + out);
    return Double.parseDouble(rows.get(0)[7].trim());
  }

  private static double trainObjective(String strategy) {
    // compare's sync stays SGD (its --optimizer default is sgd); train's default for sync here is L-BFGS
    String[] r = CliRunner.run(new String[] {"train", "--strategy", strategy, "--optimizer", "sgd"}, DATA);
    assertEquals("0", r[0], r[2]);
    String line = r[1].lines().filter(l -> l.trim().startsWith("objective_final")).findFirst().orElseThrow();
    return Double.parseDouble(line.trim().split("\\s+")[1]);
  }

  @Test
  void plainSpecsTrainAsTrainDoes() {
    String[] r = CliRunner.run(new String[] {"compare", "--strategies", "sync,local,async,hogwild,fedavg"}, DATA);
    assertEquals("0", r[0], r[2]);
    for (String label : List.of("sync", "local", "async", "hogwild", "fedavg:1/0.1")) {
      assertTrue(r[2].contains("compare: " + label + ": step size"), "derived for " + label + ": " + r[2]);
      double objective = compareObjective(r[1], label);
      assertTrue(objective < Math.log(2), label + " ends at " + objective + ", above the zero model's ln 2");
    }
    for (String strategy : List.of("sync", "local")) {
      assertEquals(trainObjective(strategy), compareObjective(r[1], strategy), 1e-5,
          strategy + ": compare's plain spec and train end at the same objective");
    }
  }
}
