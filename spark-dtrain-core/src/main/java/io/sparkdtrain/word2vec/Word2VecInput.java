package io.sparkdtrain.word2vec;

import io.sparkdtrain.model.word2vec.ZipfSentences;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Sentences for {@link Word2VecTraining}: a text file or directory (plain or {@code .gz}, read by
 * Hadoop's {@code textFile}), one sentence per line, tokens separated by white space (blank lines
 * skipped); or {@code gen:TOKENS}, a seeded {@link ZipfSentences} corpus of {@value #GEN_CONCEPTS}
 * concepts with {@value #GEN_GROUPS} planted synonym groups, generated in the partitions (each from
 * its own stream), not on the driver.
 */
public final class Word2VecInput {
  /** The generator's concepts. */
  public static final int GEN_CONCEPTS = 10_000;
  /** The generator's planted synonym groups. */
  public static final int GEN_GROUPS = 100;
  private static final String GEN = "gen:";

  private Word2VecInput() {}

  /**
   * The sentences of {@code data} in {@code partitions} partitions (0: Spark's default parallelism
   * for {@code gen:}, Hadoop's splits for files); {@code seed} seeds the generator.
   */
  public static JavaRDD<String[]> read(JavaSparkContext sc, String data, int partitions, long seed) {
    if (data == null || data.isBlank()) {
      throw new IllegalArgumentException("Cannot set data to '" + data + "': give a text file, a directory or"
          + " gen:TOKENS");
    }
    if (data.startsWith(GEN)) {
      return generated(sc, parseTokens(data), partitions > 0 ? partitions : sc.defaultParallelism(), seed);
    }
    JavaRDD<String> lines = partitions > 0 ? sc.textFile(data, partitions) : sc.textFile(data);
    return lines.map(Word2VecInput::tokens).filter(t -> t.length > 0);
  }

  /** The white-space separated tokens of {@code line} (none for a blank line). */
  public static String[] tokens(String line) {
    String trimmed = line.strip();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  static long parseTokens(String data) {
    String value = data.substring(GEN.length());
    long tokens;
    try {
      tokens = Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Cannot read data " + data + ": TOKENS must be a whole number, got '"
          + value + "'");
    }
    if (tokens < 1) {
      throw new IllegalArgumentException("Cannot read data " + data + ": TOKENS must be >= 1");
    }
    return tokens;
  }

  /** {@code tokens} generated words in {@code partitions} partitions, partition p from stream p. */
  public static JavaRDD<String[]> generated(JavaSparkContext sc, long tokens, int partitions, long seed) {
    List<Integer> ids = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      ids.add(p);
    }
    return sc.parallelize(ids, partitions).flatMap(p -> {
      long share = tokens / partitions + (p < tokens % partitions ? 1 : 0);
      return new ZipfSentences(GEN_CONCEPTS, GEN_GROUPS, 1.0, seed).sentences(share, p);
    });
  }
}
