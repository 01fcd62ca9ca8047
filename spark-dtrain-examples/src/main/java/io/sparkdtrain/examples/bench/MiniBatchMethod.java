package io.sparkdtrain.examples.bench;

/**
 * A {@link BenchMethod} of one family run with a mini-batch fraction (MLlib's GradientDescent, our
 * synchronous SGD): its id and label follow from the family, the name and the fraction
 * ({@link BenchMethod#miniBatchId}, {@link BenchMethod#miniBatchLabel}), fixed when it is made.
 */
abstract class MiniBatchMethod extends NamedBenchMethod {
  /** The mini-batch fraction, in (0, 1] (1 = full batch). */
  protected final double fraction;

  /**
   * @param family the {@code --methods} family, for example "mllib-sgd"
   * @param name the name in the tables, for example "MLlib GradientDescent"
   * @param fraction the share of the rows per step
   */
  MiniBatchMethod(String family, String name, double fraction) {
    super(BenchMethod.miniBatchId(family, fraction), family, BenchMethod.miniBatchLabel(name, fraction));
    this.fraction = fraction;
  }
}
