package io.sparkdtrain.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.events.WorkerEvent;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.RoundRecord;
import io.sparkdtrain.optim.Sgd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint format and directory without Spark (Hadoop's local file system): a round trip keeps
 * every value bit for bit, the directory keeps the newest {@code keep} files and ignores temporary
 * ones, and a missing, truncated or corrupt checkpoint fails with a message naming the directory or
 * the file.
 */
class CheckpointStoreTest {
  @TempDir
  Path tmp;

  static Checkpoint sample(int round) {
    double[] model = {1.0 / 3, -0.0, Double.MIN_VALUE, 1e300, -7.25};
    List<RoundRecord> history = List.of(
        new RoundRecord(0, 0.0, 0.693, new EvaluationMetrics(50, 0.5, 0.69, 0.5, Double.NaN), 0),
        new RoundRecord(1, 0.125, Double.NaN, null, 4096));
    List<WorkerEvent> events = List.of(new WorkerEvent(1, 1, 0.5, 2.5, 2.0, 0.0, 0.25, 0.125, 1.0, -1, 40, 64));
    StrategyState state = new StrategyState().putLong("first_step", 40).putDouble("f0", Math.PI)
        .putString("note", "héllo").putDoubles("outer.velocity", new double[] {0.1, -0.2})
        .putInts("per_round", new int[] {4, 4, 2});
    return new Checkpoint("local", Map.of("seed", "3", "dimension", "5"), round, 4096, 0.125, 0.5, 12.5,
        0.693, 0.6, null, 0, null, model, history, events, state);
  }

  @Test
  void roundTripKeepsEveryValueBitForBit() throws IOException {
    Checkpoint c = sample(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CheckpointCodec.write(c, out);
    Checkpoint back = CheckpointCodec.read(new ByteArrayInputStream(out.toByteArray()));
    assertEquals(c.strategy(), back.strategy());
    assertEquals(c.fingerprint(), back.fingerprint());
    assertEquals(c.round(), back.round());
    assertEquals(c.bytes(), back.bytes());
    assertEquals(c.trainingSeconds(), back.trainingSeconds());
    assertEquals(c.evaluationSeconds(), back.evaluationSeconds());
    assertEquals(c.eventClockMs(), back.eventClockMs());
    assertEquals(c.lastObjective(), back.lastObjective());
    assertNull(back.lastTest());
    assertNull(back.stopReason());
    assertEquals(Arrays.toString(Arrays.stream(c.model()).mapToLong(Double::doubleToRawLongBits).toArray()),
        Arrays.toString(Arrays.stream(back.model()).mapToLong(Double::doubleToRawLongBits).toArray()));
    assertEquals(c.history(), back.history());
    assertEquals(c.events(), back.events());
    assertEquals(40, back.state().getLong("first_step"));
    assertEquals(Math.PI, back.state().getDouble("f0"));
    assertEquals("héllo", back.state().getString("note"));
    assertArrayEquals(new double[] {0.1, -0.2}, back.state().getDoubles("outer.velocity"));
    assertArrayEquals(new int[] {4, 4, 2}, back.state().getInts("per_round"));
  }

  @Test
  void optimizerStateSurvivesTheRoundTrip() {
    Sgd a = Sgd.builder().stepSize(0.1).momentum(0.9).nesterov(true).build();
    double[] w = {1, 2};
    a.step(w, new double[] {0.5, -1}, 0);
    StrategyState s = new StrategyState().putOptimizer("opt", a);
    Sgd b = a.copy();
    s.restoreOptimizer("opt", b);
    double[] wa = w.clone();
    double[] wb = w.clone();
    a.step(wa, new double[] {0.25, 0.75}, 1);
    b.step(wb, new double[] {0.25, 0.75}, 1);
    assertArrayEquals(wa, wb, 0.0);
    assertFalse(Arrays.equals(wa, stepFresh(w)), "the velocity mattered, so the test could fail");
  }

  private static double[] stepFresh(double[] w) {
    double[] out = w.clone();
    Sgd.builder().stepSize(0.1).momentum(0.9).nesterov(true).build().step(out, new double[] {0.25, 0.75}, 1);
    return out;
  }

  @Test
  void keepsTheNewestAndIgnoresTemporaryFiles() throws IOException {
    CheckpointStore store = new CheckpointStore(tmp.toString(), 2, new Configuration());
    assertTrue(store.latest().isEmpty());
    for (int r : new int[] {5, 10, 15}) {
      store.write(sample(r));
    }
    Files.writeString(tmp.resolve("_tmp-checkpoint-00000020.dtc-crashed"), "half a file");
    assertEquals(List.of(10, 15), store.rounds());
    assertTrue(store.latest().orElseThrow().endsWith("checkpoint-00000015.dtc"));
    assertEquals(15, store.read(store.latestForResume()).round());
  }

  @Test
  void resumingFromAnEmptyDirectoryNamesIt() {
    CheckpointStore store = new CheckpointStore(tmp.resolve("none").toString(), 1, new Configuration());
    IllegalStateException e = assertThrows(IllegalStateException.class, store::latestForResume);
    assertTrue(e.getMessage().startsWith("Cannot resume: no checkpoint in file:" + tmp.resolve("none")),
        e.getMessage());
  }

  @Test
  void truncatedAndCorruptFilesAreNamed() throws IOException {
    CheckpointStore store = new CheckpointStore(tmp.toString(), 1, new Configuration());
    store.write(sample(5));
    Path file = tmp.resolve(CheckpointStore.fileName(5));
    byte[] bytes = Files.readAllBytes(file);
    deleteChecksums(); // Hadoop's own .crc would catch these first; test the format's own checks
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 20));
    IllegalStateException truncated = assertThrows(IllegalStateException.class,
        () -> store.read(store.latestForResume()));
    assertTrue(truncated.getMessage().startsWith("Cannot read checkpoint file:" + file + ": truncated"),
        truncated.getMessage());
    byte[] flipped = bytes.clone();
    flipped[40] ^= 1;
    Files.write(file, flipped);
    IllegalStateException corrupt = assertThrows(IllegalStateException.class,
        () -> store.read(store.latestForResume()));
    assertTrue(corrupt.getMessage().startsWith("Cannot read checkpoint file:" + file + ": corrupt: CRC-32"),
        corrupt.getMessage());
    Files.writeString(file, "not a checkpoint at all");
    IllegalStateException other = assertThrows(IllegalStateException.class,
        () -> store.read(store.latestForResume()));
    assertTrue(other.getMessage().contains("not a dtrain checkpoint"), other.getMessage());
  }

  @Test
  void hadoopChecksumsCatchATruncatedFileToo() throws IOException {
    CheckpointStore store = new CheckpointStore(tmp.toString(), 1, new Configuration());
    store.write(sample(5));
    Path file = tmp.resolve(CheckpointStore.fileName(5));
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.read(store.latestForResume()));
    assertTrue(e.getMessage().startsWith("Cannot read checkpoint file:" + file), e.getMessage());
  }

  @Test
  void aDifferentSettingIsNamedWithBothValues() {
    Checkpoint c = sample(5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.checkCompatible(Map.of("seed", "4", "dimension", "5"), "f.dtc"));
    assertEquals("Cannot resume from checkpoint f.dtc: it was written with seed=3 but this run has seed=4",
        e.getMessage());
  }

  private void deleteChecksums() throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".crc")).toList()) {
        Files.delete(p);
      }
    }
  }
}
