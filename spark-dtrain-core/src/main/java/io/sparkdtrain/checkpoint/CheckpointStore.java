package io.sparkdtrain.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory of checkpoints on any Hadoop {@link FileSystem} ({@code file:}, {@code hdfs:},
 * {@code s3a:}, ...; a path without a scheme is the default file system, the local one unless
 * {@code fs.defaultFS} says otherwise). One file per checkpoint, {@code checkpoint-RRRRRRRR.dtc}
 * with {@code R} the round, in the {@link CheckpointCodec} format.
 *
 * <p><b>Atomic.</b> A checkpoint is written to a hidden temporary file in the same directory
 * ({@code _tmp-checkpoint-RRRRRRRR.dtc-UUID}), closed, and then renamed to its final name, so a
 * reader sees either the whole file or none (rename within a directory is atomic on HDFS and on
 * local file systems; on object stores such as S3 it is a copy, and the CRC in the file catches a
 * partial one). Only after the rename are checkpoints beyond the newest {@code keep} deleted, so a
 * crash at any moment leaves at least one complete checkpoint once the first was written.
 * Temporary files left by a crash are ignored by {@link #latest()}.
 */
public final class CheckpointStore {
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{8,})\\.dtc");
  private final Path dir;
  private final int keep;
  private final FileSystem fs;

  /**
   * The store at {@code dir}, keeping the newest {@code keep} checkpoints.
   *
   * @throws IllegalArgumentException if the path is not valid or its file system is not available
   */
  public CheckpointStore(String dir, int keep, Configuration hadoopConf) {
    if (keep < 1) {
      throw new IllegalArgumentException("Cannot set checkpointKeep to " + keep + ", the value must be >= 1");
    }
    try {
      this.dir = new Path(dir);
      this.fs = this.dir.getFileSystem(hadoopConf);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot use checkpoint directory '" + dir + "': " + e.getMessage(), e);
    }
    this.keep = keep;
  }

  /** The directory, qualified with its file system (for messages). */
  public String directory() {
    return fs.makeQualified(dir).toString();
  }

  /** The file name of round {@code round}'s checkpoint. */
  public static String fileName(int round) {
    return String.format(Locale.ROOT, "checkpoint-%08d.dtc", round);
  }

  /**
   * Writes {@code c} atomically (temporary file, then rename) and deletes checkpoints older than the
   * newest {@code keep}; returns the file written.
   */
  public String write(Checkpoint c) {
    Path target = new Path(dir, fileName(c.round()));
    Path tmp = new Path(dir, "_tmp-" + fileName(c.round()) + "-" + UUID.randomUUID());
    try {
      fs.mkdirs(dir);
      try (OutputStream out = fs.create(tmp, false)) {
        CheckpointCodec.write(c, out);
      }
      if (fs.exists(target)) {
        fs.delete(target, false); // the same round again (a resumed run from an older checkpoint)
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename of " + tmp + " to " + target + " failed");
      }
      prune();
      return fs.makeQualified(target).toString();
    } catch (IOException e) {
      try {
        fs.delete(tmp, false);
      } catch (IOException ignored) {
        // the temporary file is ignored by readers anyway
      }
      throw new UncheckedIOException("Cannot write checkpoint " + target + ": " + e.getMessage(), e);
    }
  }

  /** The newest checkpoint's path, or empty when the directory holds none (or does not exist). */
  public Optional<String> latest() {
    List<Integer> rounds = rounds();
    return rounds.isEmpty() ? Optional.empty()
        : Optional.of(fs.makeQualified(new Path(dir, fileName(rounds.get(rounds.size() - 1)))).toString());
  }

  /** The rounds of the checkpoints present, ascending. */
  public List<Integer> rounds() {
    List<Integer> rounds = new ArrayList<>();
    try {
      if (!fs.exists(dir)) {
        return rounds;
      }
      for (FileStatus s : fs.listStatus(dir)) {
        Matcher m = NAME.matcher(s.getPath().getName());
        if (s.isFile() && m.matches()) {
          rounds.add(Integer.parseInt(m.group(1)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list checkpoint directory " + directory() + ": " + e.getMessage(), e);
    }
    rounds.sort(null);
    return rounds;
  }

  /**
   * The newest checkpoint's path, for resuming.
   *
   * @throws IllegalStateException if there is none, naming the directory
   */
  public String latestForResume() {
    return latest().orElseThrow(() -> new IllegalStateException("Cannot resume: no checkpoint in "
        + directory() + " (expected files named checkpoint-RRRRRRRR.dtc, written by a run with --checkpoint-every"
        + " on the command line or checkpointInterval on an ml Estimator)"));
  }

  /** Reads the checkpoint {@code file}; errors name the file. */
  public Checkpoint read(String file) {
    try (InputStream in = fs.open(new Path(file))) {
      return CheckpointCodec.read(in);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read checkpoint " + file + ": " + e.getMessage()
          + " (delete it to resume from an older one, if any)", e);
    }
  }

  private void prune() throws IOException {
    List<Integer> rounds = rounds();
    for (int i = 0; i < rounds.size() - keep; i++) {
      fs.delete(new Path(dir, fileName(rounds.get(i))), false);
    }
  }

  @Override
  public String toString() {
    return "CheckpointStore(" + directory() + ", keep=" + keep + ")";
  }
}
