package io.sparkdtrain.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DenseVector} and {@link SparseVector} against naive loops over the dense form (the
 * reference), plus the validation messages of {@link SparseVector#of}.
 */
class VectorsTest {

  private static SparseVector randomSparse(Random rnd, int size, double density) {
    int[] idx = new int[size];
    double[] val = new double[size];
    int nnz = 0;
    for (int j = 0; j < size; j++) {
      if (rnd.nextDouble() < density) {
        idx[nnz] = j;
        val[nnz] = rnd.nextGaussian();
        nnz++;
      }
    }
    return SparseVector.of(size, java.util.Arrays.copyOf(idx, nnz), java.util.Arrays.copyOf(val, nnz));
  }

  private static double[] randomDense(Random rnd, int size) {
    double[] d = new double[size];
    for (int j = 0; j < size; j++) {
      d[j] = rnd.nextGaussian();
    }
    return d;
  }

  @Test
  void sparseOperationsMatchDenseLoops() {
    Random rnd = new Random(3);
    for (int trial = 0; trial < 20; trial++) {
      int size = 1 + rnd.nextInt(40);
      SparseVector s = randomSparse(rnd, size, 0.3);
      double[] x = s.toDense();
      double[] d = randomDense(rnd, size);
      double dot = 0;
      int nnz = 0;
      for (int j = 0; j < size; j++) {
        dot += x[j] * d[j];
        if (x[j] != 0) {
          nnz++;
        }
      }
      assertEquals(nnz, s.nnz());
      assertEquals(dot, s.dot(d), 1e-12);
      assertEquals(dot, new DenseVector(d).dot(s), 1e-12);
      double[] expected = d.clone();
      for (int j = 0; j < size; j++) {
        expected[j] += -2.5 * x[j];
      }
      double[] actual = d.clone();
      s.addTo(-2.5, actual);
      assertArrayEquals(expected, actual, 1e-14);
      DenseVector dv = new DenseVector(d.clone()).axpy(-2.5, s);
      assertArrayEquals(expected, dv.values(), 1e-14);
    }
  }

  @Test
  void denseOperationsMatchLoops() {
    Random rnd = new Random(4);
    double[] a = randomDense(rnd, 33);
    double[] b = randomDense(rnd, 33);
    DenseVector va = new DenseVector(a.clone());
    DenseVector vb = new DenseVector(b.clone());
    double dot = 0;
    double sq = 0;
    for (int i = 0; i < 33; i++) {
      dot += a[i] * b[i];
      sq += a[i] * a[i];
    }
    assertEquals(33, va.size());
    assertEquals(dot, va.dot(vb), 1e-12);
    assertEquals(Math.sqrt(sq), va.norm2(), 1e-12);
    DenseVector copy = va.copy();
    assertNotSame(va.values(), copy.values());
    assertEquals(va, copy);
    va.axpy(0.5, vb).scale(2.0);
    for (int i = 0; i < 33; i++) {
      assertEquals(2.0 * (a[i] + 0.5 * b[i]), va.values()[i], 1e-14);
      assertEquals(a[i], copy.values()[i], 0.0);
    }
    double[] backing = new double[3];
    assertSame(backing, new DenseVector(backing).values());
    assertEquals(0.0, DenseVector.zeros(5).norm2());
  }

  @Test
  void sizeMismatchesAreRejected() {
    DenseVector d = DenseVector.zeros(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> d.dot(DenseVector.zeros(4)));
    assertTrue(e.getMessage().contains("size 3") && e.getMessage().contains("size 4"), e.getMessage());
    SparseVector s = SparseVector.of(5, new int[] {1}, new double[] {2});
    e = assertThrows(IllegalArgumentException.class, () -> d.axpy(1.0, s));
    assertTrue(e.getMessage().contains("size 5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> s.dot(new double[4]));
    assertTrue(e.getMessage().contains("length 4") && e.getMessage().contains("size 5"), e.getMessage());
  }

  @Test
  void sparseFactoryValidatesAndCopies() {
    int[] idx = {0, 3};
    double[] val = {1.0, -2.0};
    SparseVector s = SparseVector.of(4, idx, val);
    idx[0] = 2;
    val[0] = 9;
    assertArrayEquals(new double[] {1.0, 0, 0, -2.0}, s.toDense(), 0.0);
    assertEquals(SparseVector.of(4, new int[] {0, 3}, new double[] {1.0, -2.0}), s);

    assertMessage("Cannot set size to -1", () -> SparseVector.of(-1, new int[0], new double[0]));
    assertMessage("2 indices and 1 values", () -> SparseVector.of(4, new int[] {0, 1}, new double[] {1}));
    assertMessage("indices[1] = 4 is outside [0, size=4)",
        () -> SparseVector.of(4, new int[] {0, 4}, new double[] {1, 1}));
    assertMessage("indices[0] = -1 is outside",
        () -> SparseVector.of(4, new int[] {-1}, new double[] {1}));
    assertMessage("strictly increasing, found indices[1] = 2 after 2",
        () -> SparseVector.of(4, new int[] {2, 2}, new double[] {1, 1}));
    assertMessage("strictly increasing, found indices[1] = 1 after 3",
        () -> SparseVector.of(4, new int[] {3, 1}, new double[] {1, 1}));
    assertMessage("values[1] = NaN",
        () -> SparseVector.of(4, new int[] {0, 1}, new double[] {1, Double.NaN}));
    assertMessage("values[0] = Infinity",
        () -> SparseVector.of(4, new int[] {0}, new double[] {Double.POSITIVE_INFINITY}));
    assertEquals(0, SparseVector.of(0, new int[0], new double[0]).nnz());
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
  }
}
