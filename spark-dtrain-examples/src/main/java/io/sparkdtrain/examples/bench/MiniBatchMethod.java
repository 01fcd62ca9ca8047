package io.sparkdtrain.examples.bench;

/**
 * A {@link BenchMethod} of one family run with a mini-batch fraction (MLlib's GradientDescent, our
 * synchronous SGD): its id and label follow from the family, the name and the fraction
 * ({@link BenchMethod#miniBatchId}, {@link BenchMethod#miniBatchLabel}).
 */
abstract class MiniBatchMethod implements BenchMethod {
  private final String family;
  private final String name;
  /** The mini-batch fraction, in (0, 1] (1 = full batch). */
  protected final double fraction;

  /**
   * @param family the {@code --methods} family, for example "mllib-sgd"
   * @param name the name in the tables, for example "MLlib GradientDescent"
   * @param fraction the share of the rows per step
   */
  MiniBatchMethod(String family, String name, double fraction) {
    this.family = family;
    this.name = name;
    this.fraction = fraction;
  }

  @Override
  public final String id() {
    return BenchMethod.miniBatchId(family, fraction);
  }

  @Override
  public final String family() {
    return family;
  }

  @Override
  public final String label() {
    return BenchMethod.miniBatchLabel(name, fraction);
  }
}
