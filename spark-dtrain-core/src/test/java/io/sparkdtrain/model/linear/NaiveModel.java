package io.sparkdtrain.model.linear;

import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.CsrBlockBuilder;
import java.util.Random;

/**
 * Test reference written from scratch with dense loops and textbook formulas (no call into the
 * code under test except reading {@link CsrBlock} entries): random data generators, the objective
 * value and its analytic gradient. Shared by the objective and optimiser tests.
 */
public final class NaiveModel {
  private NaiveModel() {}

  /**
   * A random sparse block; labels fit {@code lossName} ("logistic", "hinge", "squared" or
   * "softmax" with {@code numClasses}); weights in [0.25, 2] when {@code weighted}.
   */
  public static CsrBlock randomBlock(Random rnd, int rows, int numFeatures, double density,
                                     String lossName, int numClasses, boolean weighted) {
    CsrBlockBuilder b = new CsrBlockBuilder(numFeatures, weighted);
    for (int r = 0; r < rows; r++) {
      int[] idx = new int[numFeatures];
      double[] val = new double[numFeatures];
      int nnz = 0;
      for (int j = 0; j < numFeatures; j++) {
        if (rnd.nextDouble() < density) {
          idx[nnz] = j;
          val[nnz] = rnd.nextGaussian();
          nnz++;
        }
      }
      double label;
      switch (lossName) {
        case "logistic", "hinge" -> label = rnd.nextBoolean() ? 1.0 : (rnd.nextBoolean() ? 0.0 : -1.0);
        case "squared" -> label = 3 * rnd.nextGaussian();
        case "softmax" -> label = rnd.nextInt(numClasses);
        default -> throw new IllegalArgumentException(lossName);
      }
      double weight = weighted ? 0.25 + 1.75 * rnd.nextDouble() : 1.0;
      b.addRow(label, weight, java.util.Arrays.copyOf(idx, nnz), java.util.Arrays.copyOf(val, nnz));
    }
    return b.build();
  }

  /** Random weights with standard deviation {@code sd}. */
  public static double[] randomWeights(Random rnd, int dimension, double sd) {
    double[] w = new double[dimension];
    for (int i = 0; i < w.length; i++) {
      w[i] = sd * rnd.nextGaussian();
    }
    return w;
  }

  /** Row {@code row} of the block as a dense array. */
  public static double[] denseRow(CsrBlock block, int row) {
    double[] x = new double[block.numFeatures()];
    for (int p = block.rowStart(row); p < block.rowEnd(row); p++) {
      x[block.indices()[p]] = block.values()[p];
    }
    return x;
  }

  /** Margins {@code z_k = sum_j w[k*stride + j] x_j (+ w[k*stride + d])} by a dense loop. */
  public static double[] margins(double[] x, double[] w, int numOutputs, boolean intercept) {
    int d = x.length;
    int stride = d + (intercept ? 1 : 0);
    double[] z = new double[numOutputs];
    for (int k = 0; k < numOutputs; k++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += w[k * stride + j] * x[j];
      }
      z[k] = intercept ? s + w[k * stride + d] : s;
    }
    return z;
  }

  /** Textbook loss (moderate margins only: no stabilisation). */
  public static double loss(String lossName, double[] z, double label) {
    double y = label > 0 ? 1 : -1;
    switch (lossName) {
      case "logistic":
        return Math.log(1 + Math.exp(-y * z[0]));
      case "hinge":
        return Math.max(0, 1 - y * z[0]);
      case "squared":
        return 0.5 * (z[0] - label) * (z[0] - label);
      case "softmax":
        double sum = 0;
        for (double zk : z) {
          sum += Math.exp(zk);
        }
        return Math.log(sum) - z[(int) label];
      default:
        throw new IllegalArgumentException(lossName);
    }
  }

  /** Textbook dL/dz_k. */
  public static double[] lossDerivative(String lossName, double[] z, double label) {
    double y = label > 0 ? 1 : -1;
    double[] d = new double[z.length];
    switch (lossName) {
      case "logistic" -> d[0] = -y / (1 + Math.exp(y * z[0]));
      case "hinge" -> d[0] = y * z[0] < 1 ? -y : 0;
      case "squared" -> d[0] = z[0] - label;
      case "softmax" -> {
        double sum = 0;
        for (double zk : z) {
          sum += Math.exp(zk);
        }
        for (int k = 0; k < z.length; k++) {
          d[k] = Math.exp(z[k]) / sum - (k == (int) label ? 1 : 0);
        }
      }
      default -> throw new IllegalArgumentException(lossName);
    }
    return d;
  }

  /**
   * {@code F(w) = sum_i a_i L_i / sum_i a_i + penalty}, with {@code l2}/{@code l1} the penalty
   * strengths ({@code l2/2 ||w||^2 + l1 ||w||_1}), intercepts excluded.
   */
  public static double objective(String lossName, CsrBlock block, double[] w, int numOutputs,
                                 boolean intercept, double l2, double l1) {
    double sum = 0;
    double weights = 0;
    for (int i = 0; i < block.numRows(); i++) {
      double[] z = margins(denseRow(block, i), w, numOutputs, intercept);
      sum += block.weight(i) * loss(lossName, z, block.label(i));
      weights += block.weight(i);
    }
    double penalty = 0;
    int d = block.numFeatures();
    int stride = d + (intercept ? 1 : 0);
    for (int k = 0; k < numOutputs; k++) {
      for (int j = 0; j < d; j++) {
        double wj = w[k * stride + j];
        penalty += 0.5 * l2 * wj * wj + l1 * Math.abs(wj);
      }
    }
    return sum / weights + penalty;
  }

  /**
   * Weighted mean data gradient plus {@code l2 * w} (intercepts excluded) over the given rows
   * {@code rows[0..count)} of the block.
   */
  public static double[] gradient(String lossName, CsrBlock block, int[] rows, int count, double[] w,
                                  int numOutputs, boolean intercept, double l2) {
    int d = block.numFeatures();
    int stride = d + (intercept ? 1 : 0);
    double[] g = new double[w.length];
    double weights = 0;
    for (int r = 0; r < count; r++) {
      int i = rows[r];
      double[] x = denseRow(block, i);
      double[] dz = lossDerivative(lossName, margins(x, w, numOutputs, intercept), block.label(i));
      double a = block.weight(i);
      weights += a;
      for (int k = 0; k < numOutputs; k++) {
        for (int j = 0; j < d; j++) {
          g[k * stride + j] += a * dz[k] * x[j];
        }
        if (intercept) {
          g[k * stride + d] += a * dz[k];
        }
      }
    }
    for (int k = 0; k < numOutputs; k++) {
      for (int j = 0; j < stride; j++) {
        g[k * stride + j] /= weights;
        if (j < d) {
          g[k * stride + j] += l2 * w[k * stride + j];
        }
      }
    }
    return g;
  }

  /** All rows {@code 0..n-1}. */
  public static int[] allRows(int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }
}
