package io.sparkdtrain.engine;

import io.sparkdtrain.model.linear.Objective;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a run resuming from a checkpoint must share with the run that wrote it, by key: the
 * strategy, the model (dimension, shape, loss, regularisation), the data's shape (rows,
 * partitions), the seed and everything else that changes the sequence of models (learning rate and
 * schedule, optimiser, mini-batch fraction, tree depth, evaluation period, the strategy's own
 * settings). Not included, so they may change on resume: {@code maxRounds}, the stopping targets,
 * the divergence factor and the checkpoint settings.
 */
final class CheckpointFingerprint {
  private CheckpointFingerprint() {}

  static Map<String, String> of(String strategy, TrainingContext context, String strategySettings) {
    TrainingConfig c = context.config();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("strategy", strategy);
    m.put("dimension", Integer.toString(context.model().dimension()));
    if (context.model() instanceof Objective objective) { // the keys of checkpoints written before Model
      m.put("shape", objective.shape().toString());
      m.put("objective", objective.loss().name());
      m.put("regularization", objective.regularization().toString());
    } else {
      m.put("model", context.model().description().toString());
    }
    m.put("rows", Long.toString(context.trainData().numRows()));
    m.put("partitions", Integer.toString(context.trainData().numPartitions()));
    m.put("seed", Long.toString(c.seed()));
    m.put("stepSize", Double.toString(c.stepSize()));
    m.put("learningRateSchedule", c.learningRateSchedule());
    m.put("optimizer", c.optimizer());
    m.put("momentum", Double.toString(c.momentum()));
    m.put("nesterov", Boolean.toString(c.nesterov()));
    m.put("miniBatchFraction", Double.toString(c.miniBatchFraction()));
    m.put("treeDepth", Integer.toString(c.treeDepth()));
    m.put("evaluateEvery", Integer.toString(c.evaluateEvery()));
    m.put("strategySettings", strategySettings);
    return m;
  }
}
