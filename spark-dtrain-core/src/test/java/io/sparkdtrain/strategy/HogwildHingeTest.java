package io.sparkdtrain.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.objective.HingeLoss;
import io.sparkdtrain.objective.ModelShape;
import io.sparkdtrain.objective.Objective;
import io.sparkdtrain.objective.Regularization;
import io.sparkdtrain.store.LocalParameterRegistry;
import io.sparkdtrain.testing.SharedSpark;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LinearSVCModel;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Hogwild! with the hinge loss (the linear SVM of Niu et al. 2011's experiments) on a9a, two task
 * threads. Reference: MLlib's {@code LinearSVC} (OWL-QN, no standardization, the same L2 weight
 * lambda/2 ||w||^2 on the weights but not on the intercept), its objective and ours both computed by
 * the naive loop below over the collected rows, so neither side's objective code is trusted.
 */
class HogwildHingeTest {
  static final double LAMBDA = 1e-4;

  @Test
  void twoThreadsComeWithinTwoAndAHalfPercentOfLinearSvcsObjective() {
    SparkSession spark = SharedSpark.session();
    String path = SharedSpark.data("a9a/a9a");
    Dataset<Row> rows = spark.read().format("libsvm").option("numFeatures", "123").load(path)
        .selectExpr("CAST(IF(label > 0, 1, 0) AS DOUBLE) AS label", "features");
    LinearSVCModel svc = new LinearSVC().setRegParam(LAMBDA).setStandardization(false).setMaxIter(200)
        .setTol(1e-9).fit(rows);
    List<Row> all = rows.collectAsList();
    double reference = naiveObjective(all, svc.coefficients().toArray(), svc.intercept());

    HingeLoss loss = new HingeLoss();
    ModelShape shape = new ModelShape(123, 1, true);
    try (TrainingData train = LibsvmInput.read(spark, path, 123, 2, loss)) {
      // step 0.02, x0.8 per epoch, 10 epochs: five runs ended 0.18% to 1.05% above LinearSVC (0.351852);
      // the interleaving of the two threads changes the result, so 2.5% is allowed
      TrainingConfig config = TrainingConfig.builder().stepSize(0.02).learningRateSchedule("step:0.8:1")
          .maxRounds(10).evaluateEvery(10).seed(3).build();
      TrainingResult r = new HogwildSgd(HogwildConfig.builder().threads(2).build()).train(new TrainingContext(
          SharedSpark.context(), train, null, new Objective(loss, Regularization.l2(LAMBDA), shape), config, null,
          TrainingListener.NONE));
      double[] w = r.weights();
      double[] coefficients = Arrays.copyOf(w, 123);
      double ours = naiveObjective(all, coefficients, w[shape.interceptIndex(0)]);
      System.out.printf("hogwild hinge a9a: objective %.6f (reported %.6f), LinearSVC %.6f%n", ours,
          r.finalObjective(), reference);
      assertEquals(ours, r.finalObjective(), 1e-9 * ours, "the reported objective is the naive loop's");
      assertTrue(ours <= reference * 1.025, "hogwild hinge " + ours + " vs LinearSVC " + reference);
      assertEquals(10L * train.numRows(), r.extras().get("updates"), "each epoch visits every row once");
    }
    assertTrue(LocalParameterRegistry.heldRuns().stream().noneMatch(s -> s.startsWith("hogwild-")),
        "store released: " + LocalParameterRegistry.heldRuns());
  }

  /** Mean of max(0, 1 - y (w.x + b)) with y in {-1, +1}, plus lambda/2 ||w||^2 (b not regularised). */
  static double naiveObjective(List<Row> rows, double[] w, double b) {
    double sum = 0;
    for (Row row : rows) {
      double y = row.getDouble(0) > 0 ? 1 : -1;
      Vector x = row.getAs(1);
      double margin = b;
      SparseVector s = x.toSparse();
      for (int k = 0; k < s.indices().length; k++) {
        margin += w[s.indices()[k]] * s.values()[k];
      }
      sum += Math.max(0, 1 - y * margin);
    }
    double norm = 0;
    for (double v : w) {
      norm += v * v;
    }
    return sum / rows.size() + 0.5 * LAMBDA * norm;
  }
}
