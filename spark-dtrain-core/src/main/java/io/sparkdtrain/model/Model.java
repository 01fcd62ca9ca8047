package io.sparkdtrain.model;

import io.sparkdtrain.store.SharedParameters;
import java.io.Serializable;
import java.util.function.IntConsumer;

/**
 * A trainable model as every strategy sees it: a flat {@code double[]} parameter vector of
 * {@link #dimension()} entries, the data loss and its gradient over a batch of rows of a block
 * {@code B}, an optional penalty, and the steps workers take. The training objective is
 * {@code F(w) = (sum_i a_i L_i(w)) / (sum_i a_i) + penalty(w)} over the training rows with weights
 * {@code a_i}.
 *
 * <p><b>Adding a model.</b> Implement {@link #family}, {@link #blockType}, {@link #dimension},
 * {@link #description}, {@link #addGradient} and {@link #loss} (batch-first: a dense network does one
 * matrix product per batch). Everything else has a default: no penalty, zero initial parameters,
 * a dense SGD {@link LocalStepper} ({@link DenseLocalStepper}) and a racing step that falls back to a
 * dense gradient step on the shared array. Sparse models override {@link #localStepper} and
 * {@link #racingStep} to keep their steps O(touched coordinates).
 *
 * <p>Implementations: {@code model.linear.Objective} (margin losses of linear models with L1/L2;
 * math from MLlib's aggregators, lazy L2 of Bottou 2012, lazy L1 of Duchi and Singer 2009) and
 * {@code model.mf.MatrixFactorization} (biased MF of Koren, Bell and Volinsky 2009, with the
 * Hogwild! step of Niu et al. 2011, Section 5). Pure Java: no Spark.
 *
 * @param <B> the block type the model reads
 */
public interface Model<B extends ExampleBlock> extends Serializable {

  /** The model family, as error messages and reports name it ("linear", "matrix factorisation"). */
  String family();

  /** The class of the blocks the model reads (checked against the data's). */
  Class<B> blockType();

  /** Number of parameters. */
  int dimension();

  /** Family and shape, for persistence and checkpoint fingerprints. */
  ModelDescription description();

  /** The seeded starting point when the caller gives none (zeros by default). */
  default double[] initialParameters(long seed) {
    return new double[dimension()];
  }

  /** Fresh per-task scratch for the batch methods. */
  default Workspace newWorkspace() {
    return Workspace.NONE;
  }

  /**
   * Adds {@code scale x sum_r a_r dL_r/dw} over rows {@code rows[0..count)} of {@code block} into the
   * dense {@code gradient} and returns the weighted data loss {@code sum_r a_r L_r}, all at {@code w}.
   * {@code rows == null} means every row ({@code count} is then {@code block.numRows()}). No
   * penalty is included.
   */
  double addGradient(B block, int[] rows, int count, double[] w, double scale, double[] gradient,
                     Workspace ws);

  /** The weighted data loss {@code sum_r a_r L_r} of the rows (as {@link #addGradient}). */
  double loss(B block, int[] rows, int count, double[] w, Workspace ws);

  /** The penalty {@code R(w)} added once to the mean data loss (0 by default). */
  default double penalty(double[] w) {
    return 0.0;
  }

  /** Adds {@code grad R(w)} into {@code gradient} (nothing by default). */
  default void addPenaltyGradient(double[] w, double[] gradient) {}

  /**
   * Whether a {@link LocalStepper}'s common decay factor applies to coordinate {@code i} (the lazy
   * L2 of the linear model decays every weight but the intercepts). False by default.
   */
  default boolean decays(int i) {
    return false;
  }

  /**
   * A worker's local SGD stepper starting at a copy of {@code start}, taking step {@code t} at
   * {@code rates.rate(t)}. By default a dense mini-batch SGD step on {@code mean gradient + grad R}
   * (O(dimension) per step); sparse models return an O(touched) stepper.
   */
  default LocalStepper<B> localStepper(double[] start, StepSizes rates) {
    return new DenseLocalStepper<>(this, start, rates);
  }

  /**
   * One Hogwild! step (Niu, Recht, Re and Wright 2011) of row {@code row} on the array {@code w}
   * that other threads update concurrently, at rate {@code lr}, reporting every coordinate it writes
   * to {@code touched}. Sparse models touch the row's coordinates only. The default reads the whole
   * array, computes the row's dense gradient (penalty included, weighted by the row's weight) and
   * adds {@code -lr g} to every non-zero coordinate of it: correct for a dense model, where every
   * step touches every coordinate anyway.
   */
  default void racingStep(B block, int row, SharedParameters w, double lr, IntConsumer touched, Workspace ws) {
    double[] now = w.snapshot();
    double[] g = new double[now.length];
    addGradient(block, new int[] {row}, 1, now, 1.0, g, ws);
    addPenaltyGradient(now, g);
    for (int i = 0; i < g.length; i++) {
      if (g[i] != 0.0) {
        w.add(i, -lr * g[i]);
        touched.accept(i);
      }
    }
  }

  /**
   * The model's scalar prediction for a row (a rating, a regression value): the hook behind the
   * held-out RMSE of models that are not classifiers. Unsupported by default.
   */
  default double predict(B block, int row, double[] w) {
    throw new UnsupportedOperationException("the " + family() + " model has no scalar prediction");
  }

  /** The row's observed value that {@link #predict} is compared with (NaN: none). */
  default double target(B block, int row) {
    return Double.NaN;
  }
}
