package io.sparkdtrain.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.SyntheticData;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
import io.sparkdtrain.testing.SharedSpark;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The smoothness estimate behind sync's default step. Reference: the second-moment matrix built
 * densely in the test from the collected rows and its largest eigenvalue found by a naive power
 * loop run to convergence; and the trace bound (mean squared row norm + 1) from {@link
 * io.sparkdtrain.data.DataStats}, which the eigenvalue can never exceed.
 */
class PowerIterationTest {

  @Test
  void largestEigenvalueMatchesADenseReferenceAndTheStepFollows() {
    int d = 6;
    SyntheticData.Spec spec = SyntheticData.Spec.sparseBinary(400, d, 3, 5);
    try (TrainingData data = SyntheticData.train(SharedSpark.context(), spec, 3, new LogisticLoss())) {
      double[][] m = new double[d + 1][d + 1];
      List<CsrBlock> blocks = data.blocks().collect();
      long rows = 0;
      for (CsrBlock b : blocks) {
        for (int i = 0; i < b.numRows(); i++, rows++) {
          double[] x = new double[d + 1];
          for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
            x[b.indices()[k]] = b.values()[k];
          }
          x[d] = 1.0;
          for (int a = 0; a <= d; a++) {
            for (int c = 0; c <= d; c++) {
              m[a][c] += x[a] * x[c];
            }
          }
        }
      }
      double[] v = new double[d + 1];
      java.util.Arrays.fill(v, 1.0);
      double reference = 0;
      for (int it = 0; it < 2000; it++) {
        double[] u = new double[d + 1];
        double norm = 0;
        for (int a = 0; a <= d; a++) {
          for (int c = 0; c <= d; c++) {
            u[a] += m[a][c] / rows * v[c];
          }
          norm += u[a] * u[a];
        }
        norm = Math.sqrt(norm);
        double vn = 0;
        for (double x : v) {
          vn += x * x;
        }
        reference = norm / Math.sqrt(vn);
        for (int a = 0; a <= d; a++) {
          v[a] = u[a] / norm;
        }
      }
      double exact = PowerIteration.largestEigenvalue(data, true, 300, 2);
      assertEquals(reference, exact, 1e-9 * reference);
      double quick = PowerIteration.largestEigenvalue(data, true, PowerIteration.ITERATIONS, 2);
      assertTrue(quick <= reference * (1 + 1e-12) && quick > 0.9 * reference, quick + " vs " + reference);
      double trace = data.stats().meanSquaredNorm() + 1;
      assertTrue(reference <= trace, reference + " > trace " + trace);
      Objective obj = new Objective(new LogisticLoss(), Regularization.l2(0.01), new ModelShape(d, 1, true));
      double traceStep = StepSizeDefaults.derive("sync", obj, data.stats(), 1.0);
      assertEquals(1.0 / (0.25 * trace + 0.01), traceStep, 1e-12);
      assertEquals(1.0 / (0.25 * quick + 0.01), StepSizeDefaults.fullBatchStep(obj, quick, traceStep), 1e-12);
      assertEquals(traceStep / 2, StepSizeDefaults.derive("hogwild", obj, data.stats(), 1.0), 1e-12);
    }
  }
}
