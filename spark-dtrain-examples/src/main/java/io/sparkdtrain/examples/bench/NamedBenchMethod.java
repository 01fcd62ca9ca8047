package io.sparkdtrain.examples.bench;

/**
 * A {@link BenchMethod} whose id, {@code --methods} family and table label are fixed when it is
 * made; a subclass writes its settings and its run.
 */
abstract class NamedBenchMethod implements BenchMethod {
  private final String id;
  private final String family;
  private final String label;

  /**
   * @param id the short id, unique in a benchmark, for example "sync-mb0.1"
   * @param family the {@code --methods} family, for example "sync"
   * @param label the name in the tables
   */
  NamedBenchMethod(String id, String family, String label) {
    this.id = id;
    this.family = family;
    this.label = label;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String family() {
    return family;
  }

  @Override
  public final String label() {
    return label;
  }
}
