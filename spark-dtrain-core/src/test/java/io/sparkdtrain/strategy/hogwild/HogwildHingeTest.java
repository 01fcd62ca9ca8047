package io.sparkdtrain.strategy.hogwild;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingContext;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.engine.TrainingResult;
import io.sparkdtrain.model.linear.HingeLoss;
import io.sparkdtrain.model.linear.ModelShape;
import io.sparkdtrain.model.linear.NaiveModel;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.model.linear.Regularization;
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
 * {@link NaiveModel#objective} (dense textbook loops) over the collected rows, so neither side's
 * objective code is trusted.
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
    CsrBlock all = block(rows.collectAsList());
    double[] svcWeights = Arrays.copyOf(svc.coefficients().toArray(), 124);
    svcWeights[123] = svc.intercept();
    double reference = NaiveModel.objective("hinge", all, svcWeights, 1, true, LAMBDA, 0);

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
      double ours = NaiveModel.objective("hinge", all, r.weights(), 1, true, LAMBDA, 0);
      System.out.printf("hogwild hinge a9a: objective %.6f (reported %.6f), LinearSVC %.6f%n", ours,
          r.finalObjective(), reference);
      assertEquals(ours, r.finalObjective(), 1e-9 * ours, "the reported objective is the naive loop's");
      assertTrue(ours <= reference * 1.025, "hogwild hinge " + ours + " vs LinearSVC " + reference);
      assertEquals(10L * train.numRows(), r.extras().get("updates"), "each epoch visits every row once");
    }
    assertTrue(LocalParameterRegistry.heldRuns().stream().noneMatch(s -> s.startsWith("hogwild-")),
        "store released: " + LocalParameterRegistry.heldRuns());
  }

  /** The collected (label, features) rows as one CSR block. */
  static CsrBlock block(List<Row> rows) {
    CsrBlockBuilder b = new CsrBlockBuilder(123, false);
    for (Row row : rows) {
      SparseVector x = ((Vector) row.getAs(1)).toSparse();
      b.addRow(row.getDouble(0), 1.0, x.indices(), x.values());
    }
    return b.build();
  }
}
