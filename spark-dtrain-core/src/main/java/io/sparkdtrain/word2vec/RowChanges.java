package io.sparkdtrain.word2vec;

import io.sparkdtrain.model.word2vec.EmbeddingTables;
import io.sparkdtrain.model.word2vec.SkipGramStep;
import java.io.Serializable;

/**
 * What one task sends back after a round: for each table, the rows it changed (those its
 * {@link SkipGramStep} counted), each row's update count and its change against the round's
 * tables, plus the task's words, pairs and summed loss. Only changed rows travel.
 *
 * <p>{@code source} names what the change belongs to: the executor for Hogwild! (its tasks share one
 * pair of tables; the change of the task with the highest {@code sequence} that touched a row is the
 * executor's final change of that row) or the partition for Local SGD and sync.
 */
final class RowChanges implements Serializable {
  private static final long serialVersionUID = 1L;

  final String source;
  final long sequence;
  final Table input;
  final Table output;
  final long words;
  final long pairs;
  final double loss;

  /** One table's changed rows: {@code rows[i]} changed by {@code deltas[i d, (i + 1) d)}, {@code counts[i]} updates. */
  static final class Table implements Serializable {
    private static final long serialVersionUID = 1L;
    final int[] rows;
    final int[] counts;
    final float[] deltas;

    Table(int[] rows, int[] counts, float[] deltas) {
      this.rows = rows;
      this.counts = counts;
      this.deltas = deltas;
    }

    /** The rows with a count above zero: {@code now - start} on each, with its count. */
    static Table of(float[] now, float[] start, int[] updates, int d) {
      int n = 0;
      for (int c : updates) {
        n += c > 0 ? 1 : 0;
      }
      int[] rows = new int[n];
      int[] counts = new int[n];
      float[] deltas = new float[n * d];
      int i = 0;
      for (int r = 0; r < updates.length; r++) {
        if (updates[r] > 0) {
          rows[i] = r;
          counts[i] = updates[r];
          int from = r * d;
          for (int k = 0; k < d; k++) {
            deltas[i * d + k] = now[from + k] - start[from + k];
          }
          i++;
        }
      }
      return new Table(rows, counts, deltas);
    }

    long bytes() {
      return 8L * rows.length + 4L * deltas.length;
    }
  }

  RowChanges(String source, long sequence, Table input, Table output, long words, long pairs, double loss) {
    this.source = source;
    this.sequence = sequence;
    this.input = input;
    this.output = output;
    this.words = words;
    this.pairs = pairs;
    this.loss = loss;
  }

  /** The rows {@code step} changed in {@code now} against the round's {@code start}. */
  static RowChanges of(String source, long sequence, EmbeddingTables now, EmbeddingTables start, SkipGramStep step,
                       long words, double loss) {
    int d = now.vectorSize();
    return new RowChanges(source, sequence, Table.of(now.input(), start.input(), step.inputUpdates(), d),
        Table.of(now.output(), start.output(), step.outputUpdates(), d), words, step.pairs(), loss);
  }

  /** The bytes shipped (row ids, counts and float changes). */
  long bytes() {
    return input.bytes() + output.bytes();
  }
}
