package io.sparkdtrain.examples.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkdtrain.data.SyntheticData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of the bench's data and method options, and the method registry. */
class BenchOptionsTest {

  @Test
  void parsesGeneratedData() {
    SyntheticData.Spec s = BenchData.generated("gen:200kx100kx50", 9);
    assertEquals(200_000, s.rows());
    assertEquals(100_000, s.numFeatures());
    assertEquals(50, s.nnzPerRow());
    assertEquals(9, s.seed());
    assertEquals(2_000_000, BenchData.generated("gen:2mx1000x10", 1).rows());
    assertNull(BenchData.generated("../shared/data/a9a/a9a", 1), "a path is not generated data");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchData.generated("gen:10x5", 1));
    assertEquals("Invalid value 'gen:10x5' for option --data: generated data is gen:ROWSxFEATURESxNNZ, "
        + "e.g. gen:1000000x100000x100 (k and m suffixes allowed)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> BenchData.generated("gen:10x5x9", 1));
    assertEquals("Invalid value 'gen:10x5x9' for option --data: Cannot set nnzPerRow to 9, the value must be in "
        + "[1, numFeatures=5]", e.getMessage());
  }

  @Test
  void parsesTheTunedLocalSgd() {
    assertArrayEquals(new String[] {"16", "32", "step:0.5:240"}, BenchMethods.parseLocalTuned("16,32,step:0.5:240"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BenchMethods.parseLocalTuned("0,32,constant"));
    assertEquals(true, e.getMessage().startsWith("Invalid value '0,32,constant' for option --local-tuned"));
  }

  @Test
  void everyFamilyIsSelectableAndOrdered() {
    BenchMethods.Settings s = new BenchMethods.Settings(10, new int[] {10}, 0.1, 50);
    List<BenchMethod> all = BenchMethods.select(BenchMethods.FAMILIES, s);
    assertEquals(List.of("mllib-lbfgs", "mllib-sgd", "mllib-sgd-mb0.1", "plain", "sync", "sync-mb0.1", "local-h16",
        "local-tuned", "async", "hogwild", "fedavg"), all.stream().map(BenchMethod::id).toList());
    // the mini-batch methods' families and labels follow from family, name and fraction (MiniBatchMethod)
    List<BenchMethod> miniBatch = List.of(all.get(1), all.get(2), all.get(4), all.get(5));
    assertEquals(List.of("mllib-sgd", "mllib-sgd", "sync", "sync"), miniBatch.stream().map(BenchMethod::family).toList());
    assertEquals(List.of("MLlib GradientDescent (full batch)", "MLlib GradientDescent (mini-batch 0.1)",
        "dtrain sync SGD (full batch)", "dtrain sync SGD (mini-batch 0.1)"),
        miniBatch.stream().map(BenchMethod::label).toList());
    // the other methods' families and labels are the ones they were made with (NamedBenchMethod)
    List<BenchMethod> named = List.of(all.get(0), all.get(3), all.get(6), all.get(8), all.get(9), all.get(10));
    assertEquals(List.of("mllib-lbfgs", "plain", "local", "async", "hogwild", "fedavg"),
        named.stream().map(BenchMethod::family).toList());
    assertEquals(List.of("MLlib LogisticRegression (L-BFGS)", "plain Java SGD loop, 1 thread (one-core limit)",
        "dtrain Local SGD (H=16)", "dtrain async SGD (tau <= 4)", "dtrain Hogwild! (2 threads)",
        "dtrain FedAvg (E=1, C=0.5)"), named.stream().map(BenchMethod::label).toList());
    assertEquals(List.of("plain", "local-tuned"),
        BenchMethods.select(List.of("local-tuned", "plain"), s).stream().map(BenchMethod::id).toList());
  }
}
