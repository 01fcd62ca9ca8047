package io.sparkdtrain.examples.bench;

/** Small helpers for JSON-ready maps. */
final class Json {
  private Json() {}

  /** {@code v}, or {@code null} when it is NaN or infinite (JSON has no such numbers). */
  static Double number(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
