package io.sparkdtrain.examples.bench;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.optim.LearningRates;
import io.sparkdtrain.strategy.local.LocalSgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Issue 11's "Local SGD's inner loop within 1.5x of the plain Java loop per example", measured as
 * the words say: on the driver, one thread, the same collected training blocks, the plain loop
 * ({@link PlainSgd}, one permuted pass over every block) and Local SGD's worker code
 * ({@link LocalSgdInnerLoop}: the round a task runs, H steps of B rows, copy of the model and the
 * shipped update included) over as many examples, alternated {@code repeats} times after a warm-up
 * of each; the medians per example and their ratio. The strategies' own per-example column (the
 * event log's task compute time) also counts what a Spark task adds around the loop: the cached
 * block's lookup and a cold start per task; the difference of the two is that overhead.
 *
 * @param settings the Local SGD settings measured, as {@code H x B} labels
 * @param plainSeconds the plain loop's seconds per example, per repeat
 * @param localSeconds each setting's seconds per example, per repeat
 */
public record InnerLoops(List<String> settings, double[] plainSeconds, List<double[]> localSeconds) {

  /**
   * The plain loop and Local SGD's worker rounds (H=16 with {@code batchSize}, the tuned H, B, and
   * H=256)
   * side by side, when both the plain loop and Local SGD are among {@code selected}; null otherwise.
   * Uses the plain loop's collected copy of the training blocks.
   *
   * @param tuned the parsed {@code --local-tuned} (H, B, schedule)
   */
  public static InnerLoops whenBenchmarked(List<BenchMethod> selected, TrainingData train, Objective objective,
                                           double regParam, String[] tuned, int batchSize, int repeats, long seed) {
    PlainSgdBench plain = selected.stream().filter(PlainSgdBench.class::isInstance).map(PlainSgdBench.class::cast)
        .findFirst().orElse(null);
    boolean local = selected.stream().anyMatch(m -> m.family().equals(LocalSgd.NAME));
    if (plain == null || !local) {
      return null;
    }
    CsrBlock[] blocks = plain.blocks(train); // the plain loop's copy: no second collect of the data
    int h = Integer.parseInt(tuned[0]);
    int b = Integer.parseInt(tuned[1]);
    // H=256 shows the per-round O(dimension) work (the model's copy, the update) amortised
    return h == 16 && b == batchSize // the tuned settings differ in their schedule only: one row
        ? measure(blocks, objective, regParam, new int[] {16, 256}, new int[] {batchSize, batchSize}, repeats, seed)
        : measure(blocks, objective, regParam, new int[] {16, h, 256}, new int[] {batchSize, b, batchSize}, repeats,
            seed);
  }

  /**
   * Measures the plain loop and Local SGD rounds of {@code h[i]} steps of {@code b[i]} rows on
   * {@code blocks}.
   */
  public static InnerLoops measure(CsrBlock[] blocks, Objective objective, double regParam, int[] h, int[] b,
                                   int repeats, long seed) {
    long rows = Arrays.stream(blocks).mapToLong(CsrBlock::numRows).sum();
    List<String> labels = new ArrayList<>();
    List<double[]> local = new ArrayList<>();
    for (int i = 0; i < h.length; i++) {
      labels.add("H=" + h[i] + ", B=" + b[i]);
      local.add(new double[repeats]);
    }
    double[] plain = new double[repeats];
    double[] w = new double[objective.shape().dimension()];
    SplittableRandom random = new SplittableRandom(seed);
    for (int r = -1; r < repeats; r++) { // r = -1 warms both up
      PlainSgd sgd = new PlainSgd(blocks[0].numFeatures(), 0.1, regParam, 1.0, rows);
      long t0 = System.nanoTime();
      for (CsrBlock block : blocks) {
        sgd.pass(block, PlainSgdBench.permutation(block.numRows(), random), block.numRows());
      }
      double plainPerExample = (System.nanoTime() - t0) / 1e9 / rows;
      for (int i = 0; i < h.length; i++) {
        LocalSgdInnerLoop loop = new LocalSgdInnerLoop(objective, LearningRates.constant(0.1), h[i], b[i], seed);
        long examples = 0;
        t0 = System.nanoTime();
        for (int p = 0; p < blocks.length; p++) {
          int rounds = (int) Math.max(1, blocks[p].numRows() / ((long) h[i] * b[i]));
          examples += loop.run(p, blocks[p], w, rounds);
        }
        double perExample = (System.nanoTime() - t0) / 1e9 / examples;
        if (r >= 0) {
          local.get(i)[r] = perExample;
        }
      }
      if (r >= 0) {
        plain[r] = plainPerExample;
      }
    }
    return new InnerLoops(labels, plain, local);
  }

  /** The markdown section: a table of medians [min, max] and ratios to the plain loop. */
  public String markdown() {
    MarkdownTable t = new MarkdownTable("inner loop (driver, 1 thread, same blocks)", "us per example, median [min, max]",
        "ratio to the plain loop (medians)");
    Spread plain = Spread.of(plainSeconds);
    t.row("plain Java SGD loop (per-example steps, permuted rows)", micros(plain), "1");
    for (int i = 0; i < settings.size(); i++) {
      Spread s = Spread.of(localSeconds.get(i));
      t.row("Local SGD worker round, " + settings.get(i), micros(s),
          String.format(Locale.ROOT, "%.2f", s.median() / plain.median()));
    }
    return "### Inner loops side by side\n\n" + t.render() + "\n";
  }

  /** The JSON-ready map. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("plain_seconds_per_example", plainSeconds);
    for (int i = 0; i < settings.size(); i++) {
      m.put("local_sgd " + settings.get(i) + " seconds_per_example", localSeconds.get(i));
    }
    return m;
  }

  private static String micros(Spread s) {
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", s.median() * 1e6, s.min() * 1e6, s.max() * 1e6);
  }
}
