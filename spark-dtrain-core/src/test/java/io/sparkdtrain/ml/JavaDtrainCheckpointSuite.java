package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The checkpoint Params of the Estimators ({@code checkpointDir}, {@code checkpointInterval},
 * {@code resumeFromCheckpoint}): a fit cut short and resumed to the full {@code maxRounds} ends with
 * the model of one uninterrupted fit (the reference), bit for bit, for the strategies that resume
 * bitwise (sync, local, fedavg; {@code ResumeTest} covers the core); the interval decides which
 * checkpoints are written; bad settings fail before any training job with messages naming the param
 * or the directory; the params persist.
 */
@Tag("spark4")
class JavaDtrainCheckpointSuite {
  @TempDir
  Path dir;

  private static DtrainClassifier classifier(String strategy, int rounds) {
    DtrainClassifier clf = new DtrainClassifier().setStrategy(strategy).setMaxRounds(rounds)
        .setNumWorkers(2).setTol(0).setRegParam(1e-3).setSeed(7);
    return switch (strategy) {
      case "local" -> clf.setLocalSteps(4).setMiniBatchSize(32);
      case "fedavg" -> clf.setClientFraction(0.5).setMiniBatchSize(50).setStepSize(0.5);
      default -> clf.setMiniBatchFraction(0.5);
    };
  }

  private List<String> checkpointFiles(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dtc")).sorted().toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "local", "fedavg"})
  void aResumedFitEndsWithTheUninterruptedModel(String strategy) throws IOException {
    Dataset<Row> data = MlData.a9aSmall();
    DtrainClassificationModel whole = classifier(strategy, 8).fit(data);

    Path ckpt = dir.resolve(strategy);
    DtrainClassificationModel first = classifier(strategy, 4).setCheckpointDir(ckpt.toString())
        .setCheckpointInterval(2).fit(data);
    assertEquals(4, first.summary().totalRounds());
    assertEquals(List.of("checkpoint-00000004.dtc"), checkpointFiles(ckpt), "the newest checkpoint is kept");

    DtrainClassificationModel resumed = classifier(strategy, 8).setCheckpointDir(ckpt.toString())
        .setCheckpointInterval(2).setResumeFromCheckpoint(true).fit(data);
    assertEquals(4, resumed.summary().report().get("resumed_from_round"));
    assertEquals(8, resumed.summary().totalRounds());
    assertArrayEquals(whole.weights().toArray(), resumed.weights().toArray(), 0.0,
        strategy + ": resumed at round 4 of 8 = one uninterrupted fit");
    assertEquals(whole.summary().finalObjective(), resumed.summary().finalObjective(), 0.0);
  }

  @Test
  void theIntervalDecidesWhichRoundsAreCheckpointedAndMinusOneWritesNone() throws IOException {
    Path every3 = dir.resolve("every3");
    classifier("sync", 7).setCheckpointDir(every3.toString()).setCheckpointInterval(3).fit(MlData.a9aSmall());
    assertEquals(List.of("checkpoint-00000006.dtc"), checkpointFiles(every3), "rounds 3 and 6, newest kept");

    Path never = dir.resolve("never");
    Files.createDirectories(never);
    DtrainClassificationModel m = classifier("sync", 3).setCheckpointDir(never.toString())
        .setCheckpointInterval(-1).fit(MlData.a9aSmall());
    assertEquals(List.of(), checkpointFiles(never));
    assertEquals(0, m.summary().report().get("checkpoints_written"));
  }

  @Test
  void badCheckpointSettingsFailNamingTheParamOrTheDirectory() throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DtrainClassifier().setCheckpointInterval(0));
    assertTrue(e.getMessage().contains("checkpointInterval given invalid value 0"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> classifier("sync", 2).setResumeFromCheckpoint(true).fit(MlData.a9aSmall()));
    assertTrue(e.getMessage().contains("resumeFromCheckpoint") && e.getMessage().contains("checkpointDir"),
        e.getMessage());

    Path empty = dir.resolve("empty");
    Files.createDirectories(empty);
    IllegalStateException none = assertThrows(IllegalStateException.class, () -> classifier("sync", 2)
        .setCheckpointDir(empty.toString()).setResumeFromCheckpoint(true).fit(MlData.a9aSmall()));
    assertTrue(none.getMessage().contains("no checkpoint in") && none.getMessage().contains(empty.toString()),
        none.getMessage());

    Path ckpt = dir.resolve("written");
    classifier("sync", 2).setStepSize(1.0).setCheckpointDir(ckpt.toString()).setCheckpointInterval(1)
        .fit(MlData.a9aSmall());
    e = assertThrows(IllegalArgumentException.class, () -> classifier("sync", 4).setStepSize(0.5)
        .setCheckpointDir(ckpt.toString()).setResumeFromCheckpoint(true).fit(MlData.a9aSmall()));
    assertTrue(e.getMessage().contains("stepSize=1.0 but this run has stepSize=0.5"), e.getMessage());
  }

  @Test
  void checkpointParamsPersistWithTheEstimatorInAPipeline() throws IOException {
    DtrainClassifier clf = new DtrainClassifier().setCheckpointDir("/tmp/x").setCheckpointInterval(5)
        .setResumeFromCheckpoint(true);
    assertEquals(10, new DtrainClassifier().getCheckpointInterval(), "MLlib's default interval");
    assertEquals("", new DtrainClassifier().getCheckpointDir());
    String path = dir.resolve("pipeline").toString();
    new Pipeline().setStages(new PipelineStage[] {clf}).write().save(path);
    DtrainClassifier loaded = (DtrainClassifier) Pipeline.load(path).getStages()[0];
    assertEquals("/tmp/x", loaded.getCheckpointDir());
    assertEquals(5, loaded.getCheckpointInterval());
    assertTrue(loaded.getResumeFromCheckpoint());
    assertEquals(MlData.paramValues(clf), MlData.paramValues(loaded));
  }
}
