package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kill the driver mid-run, resume: {@code dtrain train --checkpoint-dir D --checkpoint-every 5} runs
 * as its own process; once it reports a checkpoint after round 10 or later (a line on its output,
 * read as it comes), the driver JVM and its descendants are killed with SIGKILL; the same command
 * with {@code --resume} then finishes the run. The reference is the same command run without
 * interruption: the final model ({@code --model-out}, every weight in exact decimal) must be
 * identical, and so must the objective and bytes of the report. Run for sync, Local SGD and FedAvg
 * (sampled non-IID clients: the resumed run must sample the same clients in the rounds it redoes).
 */
class CheckpointResumeE2ETest {
  private static final Pattern CHECKPOINT = Pattern.compile("checkpoint after round (\\d+): (.*)");
  private static final int ROUNDS = 40;

  static List<String> args(String strategy, Path model, Path report, String... more) {
    List<String> a = new ArrayList<>(List.of("train", "--strategy", strategy, "--master", "local[2]",
        "--partitions", "4", "--gen-rows", "20000", "--gen-features", "200",
        "--max-rounds", Integer.toString(ROUNDS), "--seed", "7", "--quiet",
        "--model-out", model.toString(), "--report-json", report.toString()));
    if (strategy.equals("fedavg")) {
      // 20 non-IID clients (label shards), 6 sampled per round: the resumed run must draw the same ones
      a.addAll(List.of("--clients", "20", "--fraction", "0.3", "--local-epochs", "1", "--batch-size", "32",
          "--partition", "shards"));
    } else {
      a.addAll(List.of("--mini-batch-fraction", "0.5"));
    }
    if (strategy.equals("local")) {
      a.addAll(List.of("--local-steps", "4", "--batch-size", "16", "--outer-optimizer", "nesterov"));
    }
    a.addAll(List.of(more));
    return a;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sync", "local", "fedavg"})
  void aKilledDriverResumesToTheUninterruptedModel(String strategy, @TempDir Path dir) throws Exception {
    Path checkpoints = dir.resolve("checkpoints");
    Path refModel = dir.resolve("reference.model");
    Path refReport = dir.resolve("reference.json");
    Dtrain.Run reference = Dtrain.run(600, args(strategy, refModel, refReport).toArray(String[]::new));
    assertEquals(0, reference.exitCode(), reference.output());

    Path model = dir.resolve("resumed.model");
    Path report = dir.resolve("resumed.json");
    List<String> withCheckpoints = args(strategy, model, report, "--checkpoint-dir", checkpoints.toString(),
        "--checkpoint-every", "5");
    int killedAfter = startAndKillAfterCheckpoint(withCheckpoints, 10, 300);
    assertTrue(killedAfter < ROUNDS, "killed mid-run, after the checkpoint of round " + killedAfter);
    assertTrue(Files.notExists(model), "the killed run wrote no model");

    List<String> resume = new ArrayList<>(withCheckpoints);
    resume.add("--resume");
    Dtrain.Run resumed = Dtrain.run(600, resume.toArray(String[]::new));
    assertEquals(0, resumed.exitCode(), resumed.output());
    assertTrue(resumed.output().contains("resumed after round "), resumed.output());
    assertEquals(Files.readString(refModel), Files.readString(model), "final model, every weight");
    JsonNode ref = Dtrain.json(refReport);
    JsonNode r = Dtrain.json(report);
    assertTrue(r.get("resumed_from_round").asInt() >= killedAfter, r.toString());
    assertEquals(0, ref.path("resumed_from_round").asInt(0));
    assertEquals(ROUNDS, r.get("rounds").asInt());
    assertEquals(ref.get("objective_final").asDouble(), r.get("objective_final").asDouble(), 0.0);
    assertEquals(ref.get("bytes_communicated").asLong(), r.get("bytes_communicated").asLong());
    assertEquals(ROUNDS + 1, r.get("history").size());
  }

  @Test
  void resumeWithoutACheckpointNamesThePath(@TempDir Path dir) throws Exception {
    Path empty = dir.resolve("nothing-here");
    Dtrain.Run run = Dtrain.run(300, "train", "--gen-rows", "500", "--max-rounds", "2", "--quiet",
        "--checkpoint-dir", empty.toString(), "--resume");
    assertEquals(1, run.exitCode(), run.output());
    assertTrue(run.output().contains("Cannot resume: no checkpoint in file:" + empty), run.output());
    Dtrain.Run noDir = Dtrain.run(300, "train", "--max-rounds", "2", "--resume");
    assertEquals(2, noDir.exitCode(), noDir.output());
    assertTrue(noDir.output().contains("option --resume: needs --checkpoint-dir"), noDir.output());
  }

  /**
   * Starts {@code dtrain args}, reads its output line by line until it reports a checkpoint after
   * round {@code minRound} or later, then kills the driver and its descendants (SIGKILL) while it is
   * still running; returns that round. Fails if no such line comes within {@code timeoutSeconds}.
   */
  static int startAndKillAfterCheckpoint(List<String> args, int minRound, long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Dtrain.root().resolve("spark-dtrain-examples/bin/dtrain").toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("DTRAIN_JAVA_OPTS", "-Xmx2g");
    Process p = pb.start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("reader failed: " + e);
      } finally {
        lines.add("<end of output>");
      }
    }, "dtrain-output");
    reader.setDaemon(true);
    reader.start();
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    try {
      while (true) {
        String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null || line.equals("<end of output>")) {
          throw new AssertionError((line == null ? "no checkpoint after round " + minRound + " within "
              + timeoutSeconds + " s" : "dtrain ended before a checkpoint after round " + minRound)
              + "; output:\n" + seen);
        }
        seen.append(line).append('\n');
        Matcher m = CHECKPOINT.matcher(line);
        if (m.find() && Integer.parseInt(m.group(1)) >= minRound) {
          assertTrue(p.isAlive(), "the driver was still running when killed");
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
          assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the killed driver exited");
          assertNotEquals(0, p.exitValue(), "killed, not finished:\n" + seen);
          Path written = Path.of(m.group(2).replaceFirst("^file:", ""));
          try (var files = Files.list(written.getParent())) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().matches("checkpoint-\\d{8}\\.dtc")),
                "a complete checkpoint is left in " + written.getParent());
          }
          return Integer.parseInt(m.group(1));
        }
      }
    } finally {
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }
}
