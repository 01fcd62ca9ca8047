package io.sparkdtrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.testing.SharedSpark;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyntheticDataTest {

  @Test
  void sameSpecSameRowsAndShape() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(1000, 50, 5, 9);
    CsrBlock a = SyntheticData.block(spec, 1, 4, 0);
    CsrBlock b = SyntheticData.block(spec, 1, 4, 0);
    assertArrayEquals(a.values(), b.values(), 0.0);
    assertArrayEquals(a.labels(), b.labels(), 0.0);
    assertEquals(250, a.numRows());
    assertEquals(250 * 5, a.nnz());
    CsrBlock test = SyntheticData.block(spec, 1, 4, 1);
    assertTrue(test.values()[0] != a.values()[0], "the test split draws other rows");
  }

  @Test
  void labelsFollowThePlantedModel() {
    // Bernoulli(sigmoid(w* . x)): the planted model must predict its own labels far above chance
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(4000, 40, 8, 3);
    CsrBlock b = SyntheticData.block(spec, 0, 1, 0);
    double[] w = SyntheticData.plantedWeights(spec);
    int agree = 0;
    for (int i = 0; i < b.numRows(); i++) {
      double z = 0;
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        z += w[b.indices()[k]] * b.values()[k];
      }
      agree += (z > 0) == (b.label(i) == 1.0) ? 1 : 0;
    }
    assertTrue(agree > 0.75 * b.numRows(), "agreement " + agree);
  }

  @Test
  void distributedGenerationMatchesThePureBlocks() {
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(300, 30, 4, 5);
    try (TrainingData d = SyntheticData.train(SharedSpark.context(), spec, 3, new LogisticLoss())) {
      List<CsrBlock> blocks = d.blocks().collect();
      for (int p = 0; p < 3; p++) {
        assertArrayEquals(SyntheticData.block(spec, p, 3, 0).values(), blocks.get(p).values(), 0.0);
      }
      assertEquals(300, d.numRows());
    }
  }

  @Test
  void badSpecsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SyntheticData.Spec.sparseBinary(10, 5, 6, 1));
    assertTrue(e.getMessage().contains("nnzPerRow to 6"), e.getMessage());
  }
}
