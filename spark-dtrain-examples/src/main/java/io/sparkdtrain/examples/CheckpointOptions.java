package io.sparkdtrain.examples;

import io.sparkdtrain.engine.TrainingConfig;
import io.sparkdtrain.engine.TrainingListener;
import io.sparkdtrain.metrics.RoundRecord;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * The checkpoint options of {@code dtrain train}: where and how often to write checkpoints, and
 * {@code --resume} to continue a run from the newest one (see the README's "Checkpoints and
 * resume"). Every checkpoint written and the resume are printed on standard error, one line each,
 * also with {@code --quiet}.
 */
final class CheckpointOptions {
  @Option(names = "--checkpoint-dir", paramLabel = "PATH",
      description = "Write checkpoints to this Hadoop path (local path, file:, hdfs:, s3a:, ...).")
  String dir;

  @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "10",
      description = "Write a checkpoint after every N rounds (default ${DEFAULT-VALUE}; 0 = never; needs --checkpoint-dir).")
  int every;

  @Option(names = "--checkpoint-keep", paramLabel = "K", defaultValue = "1",
      description = "Keep the newest K checkpoints (default ${DEFAULT-VALUE}).")
  int keep;

  @Option(names = "--resume", description = "Continue from the newest checkpoint in --checkpoint-dir (same"
      + " data, strategy and settings; --max-rounds may grow).")
  boolean resume;

  void validate() {
    Checks.atLeast("--checkpoint-every", every, 0);
    Checks.atLeast("--checkpoint-keep", keep, 1);
    Checks.require(dir == null || !dir.isBlank(), "--checkpoint-dir", dir, "must be a path");
    Checks.require(!resume || dir != null, "--resume", true, "needs --checkpoint-dir (the directory to resume from)");
  }

  /** Adds the checkpoint settings to {@code b} (none without {@code --checkpoint-dir}). */
  TrainingConfig.Builder apply(TrainingConfig.Builder b) {
    if (dir == null) {
      return b;
    }
    return b.checkpointDir(dir).checkpointEvery(every).checkpointKeep(keep).resume(resume);
  }

  /** {@code inner} plus one line on {@code out} per checkpoint written and on resume. */
  static TrainingListener announcing(TrainingListener inner, PrintStream out) {
    return new TrainingListener() {
      @Override
      public void onStart(String strategy, int maxRounds) {
        inner.onStart(strategy, maxRounds);
      }

      @Override
      public void onRound(RoundRecord record) {
        inner.onRound(record);
      }

      @Override
      public void onCheckpoint(int round, String file) {
        out.println("checkpoint after round " + round + ": " + file);
        out.flush();
      }

      @Override
      public void onResume(int round, String file) {
        out.println("resumed after round " + round + " from " + file);
        out.flush();
      }

      @Override
      public void onEnd(io.sparkdtrain.engine.TrainingResult result) {
        inner.onEnd(result);
      }
    };
  }
}
