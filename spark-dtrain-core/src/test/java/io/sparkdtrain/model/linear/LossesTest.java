package io.sparkdtrain.model.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The four {@link MarginLoss}es and {@link Losses}. */
class LossesTest {

  /**
   * Central difference step. Its truncation error is {@code h^2 |L'''| / 6 ~ 1e-11} (|L'''| is
   * O(1) here) and its rounding error about {@code 1e-16 |L| / h ~ 1e-10} for losses up to 10, both
   * far below the tolerance of 1e-6 relative (with an absolute floor of 1e-9 for derivatives near 0).
   */
  private static final double H = 1e-5;

  private static void checkDerivativeByFiniteDifferences(MarginLoss loss, double[] z, double label) {
    int k1 = loss.numOutputs();
    double[] d = new double[k1];
    double value = loss.lossAndDerivative(z, label, d);
    assertEquals(loss.loss(z, label), value, 1e-14 * Math.max(1, Math.abs(value)));
    for (int k = 0; k < k1; k++) {
      double[] zp = z.clone();
      double[] zm = z.clone();
      zp[k] += H;
      zm[k] -= H;
      // Reference: central finite difference of loss().
      double fd = (loss.loss(zp, label) - loss.loss(zm, label)) / (2 * H);
      assertEquals(fd, d[k], 1e-6 * Math.max(Math.abs(d[k]), 1e-3),
          loss.name() + " k=" + k + " z=" + java.util.Arrays.toString(z) + " label=" + label);
    }
  }

  @Test
  void derivativesMatchFiniteDifferences() {
    Random rnd = new Random(42);
    MarginLoss[] losses = {new LogisticLoss(), new HingeLoss(), new SquaredLoss(), new SoftmaxLoss(4)};
    int checked = 0;
    for (MarginLoss loss : losses) {
      for (int trial = 0; trial < 50; trial++) {
        double[] z = new double[loss.numOutputs()];
        for (int k = 0; k < z.length; k++) {
          z[k] = -5 + 10 * rnd.nextDouble();
        }
        double label = switch (loss.name()) {
          case "softmax" -> rnd.nextInt(4);
          case "squared" -> 4 * rnd.nextGaussian();
          default -> new double[] {0, 1, -1}[rnd.nextInt(3)];
        };
        double y = label > 0 ? 1 : -1;
        if (loss instanceof HingeLoss && Math.abs(1 - y * z[0]) < 1e-3) {
          continue; // the hinge is not differentiable at y z = 1
        }
        checkDerivativeByFiniteDifferences(loss, z, label);
        checked++;
      }
    }
    assertTrue(checked > 190);
  }

  @Test
  void lossesMatchTextbookFormulas() {
    // Reference: the formulas in each class's Javadoc, evaluated by hand.
    assertEquals(Math.log(2), new LogisticLoss().loss(new double[] {0}, 1), 1e-15);
    assertEquals(Math.log(1 + Math.exp(-2)), new LogisticLoss().loss(new double[] {2}, 1), 1e-15);
    assertEquals(Math.log(1 + Math.exp(2)), new LogisticLoss().loss(new double[] {2}, 0), 1e-15);
    assertEquals(Math.log(1 + Math.exp(2)), new LogisticLoss().loss(new double[] {2}, -1), 1e-15);
    assertEquals(0.5, new HingeLoss().loss(new double[] {0.5}, 1), 0);
    assertEquals(1.5, new HingeLoss().loss(new double[] {0.5}, 0), 0);
    assertEquals(0.0, new HingeLoss().loss(new double[] {2}, 1), 0);
    assertEquals(0.5 * 2.25, new SquaredLoss().loss(new double[] {1}, -0.5), 0);
    double[] z = {1, 2, 3};
    double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    assertEquals(lse - 2, new SoftmaxLoss(3).loss(z, 1), 1e-14);
    double[] d = new double[3];
    new HingeLoss().lossAndDerivative(new double[] {0.5}, 0, d);
    assertEquals(1.0, d[0]);
    new HingeLoss().lossAndDerivative(new double[] {2}, 1, d);
    assertEquals(0.0, d[0]);
  }

  @Test
  void logisticIsStableForLargeMargins() {
    LogisticLoss l = new LogisticLoss();
    double[] d = new double[1];
    for (double z : new double[] {800, 1e4}) {
      // Reference: log(1 + exp(-z)) = exp(-z) underflows to 0; log(1 + exp(z)) = z to double precision.
      assertEquals(0.0, l.lossAndDerivative(new double[] {z}, 1, d), 0);
      assertEquals(0.0, d[0], 0);
      assertEquals(z, l.lossAndDerivative(new double[] {z}, 0, d), 0);
      assertEquals(1.0, d[0], 0);
      assertEquals(z, l.lossAndDerivative(new double[] {-z}, 1, d), 0);
      assertEquals(-1.0, d[0], 0);
      assertEquals(0.0, l.lossAndDerivative(new double[] {-z}, -1, d), 0);
      assertEquals(0.0, d[0], 0);
      double[] p = new double[2];
      assertTrue(l.probabilities(new double[] {z}, p));
      assertArrayEquals(new double[] {0, 1}, p, 0);
      assertTrue(l.probabilities(new double[] {-z}, p));
      assertArrayEquals(new double[] {1, 0}, p, 0);
    }
    // Small probabilities keep their relative precision: 1 - p at z = 40 is exp(-40), not 0.
    double[] p = new double[2];
    l.probabilities(new double[] {40}, p);
    assertEquals(Math.exp(-40), p[0], 1e-15 * Math.exp(-40));
  }

  @Test
  void softmaxIsStableAndProbabilitiesSumToOne() {
    SoftmaxLoss s = new SoftmaxLoss(3);
    double[] d = new double[3];
    // Reference: logsumexp(1000, 0, -1000) = 1000 in double precision.
    assertEquals(0.0, s.lossAndDerivative(new double[] {1000, 0, -1000}, 0, d), 0);
    assertEquals(2000.0, s.loss(new double[] {1000, 0, -1000}, 2), 0);
    assertArrayEquals(new double[] {0, 0, 0}, d, 0);
    Random rnd = new Random(5);
    for (int trial = 0; trial < 20; trial++) {
      double[] z = {10 * rnd.nextGaussian(), 10 * rnd.nextGaussian(), 10 * rnd.nextGaussian(), 0};
      double[] p = new double[3];
      assertTrue(s.probabilities(z, p));
      assertEquals(1.0, p[0] + p[1] + p[2], 1e-15);
      s.lossAndDerivative(z, 1, d);
      assertEquals(0.0, d[0] + d[1] + d[2], 1e-15);
      assertEquals(p[1] - 1, d[1], 1e-15);
      int argmax = z[0] >= z[1] && z[0] >= z[2] ? 0 : (z[1] >= z[2] ? 1 : 2);
      assertEquals(argmax, s.predict(z));
    }
    assertEquals(0.0, s.predict(new double[] {1, 1, 0}), "ties go to the first class");
  }

  @Test
  void predictionsAndProbabilities() {
    double[] p = {-7, -7};
    assertEquals(1.0, new LogisticLoss().predict(new double[] {1e-9}));
    assertEquals(0.0, new LogisticLoss().predict(new double[] {0}));
    assertTrue(new LogisticLoss().probabilities(new double[] {Math.log(3)}, p));
    assertArrayEquals(new double[] {0.25, 0.75}, p, 1e-15);
    assertEquals(1.0, new HingeLoss().predict(new double[] {0.1}));
    assertEquals(0.0, new HingeLoss().predict(new double[] {-0.1}));
    assertFalse(new HingeLoss().probabilities(new double[] {1}, p));
    assertEquals(2.5, new SquaredLoss().predict(new double[] {2.5}));
    assertFalse(new SquaredLoss().probabilities(new double[] {1}, p));
  }

  @Test
  void invalidLabelsAreRecognisedAndRejected() {
    MarginLoss logistic = new LogisticLoss();
    for (double bad : new double[] {0.5, 2, -2, Double.NaN}) {
      assertFalse(logistic.isValidLabel(bad));
      assertFalse(new HingeLoss().isValidLabel(bad));
    }
    for (double good : new double[] {0, 1, -1}) {
      assertTrue(logistic.isValidLabel(good));
      assertTrue(new HingeLoss().isValidLabel(good));
    }
    SoftmaxLoss s = new SoftmaxLoss(3);
    for (double bad : new double[] {-1, 3, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertFalse(s.isValidLabel(bad), "label " + bad);
    }
    assertTrue(s.isValidLabel(0) && s.isValidLabel(1) && s.isValidLabel(2));
    assertFalse(new SquaredLoss().isValidLabel(Double.NaN));
    assertFalse(new SquaredLoss().isValidLabel(Double.NEGATIVE_INFINITY));
    assertTrue(new SquaredLoss().isValidLabel(-1e300));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> logistic.loss(new double[] {0}, 0.5));
    assertEquals("Invalid label 0.5 for the logistic loss; labels must be 0/1 or -1/+1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> s.lossAndDerivative(new double[3], 3, new double[3]));
    assertEquals("Invalid label 3.0 for the softmax loss; labels must be integers 0..K-1 (K=3)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new SquaredLoss().loss(new double[] {0}, Double.NaN));
    assertTrue(e.getMessage().contains("any finite number"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new HingeLoss().lossAndDerivative(new double[] {0}, 2, new double[1]));
    assertTrue(e.getMessage().contains("Invalid label 2.0 for the hinge loss"), e.getMessage());
  }

  @Test
  void byNameBuildsEveryLossAndRejectsUnknownNames() {
    assertInstanceOf(LogisticLoss.class, Losses.byName("logistic", 2));
    assertInstanceOf(HingeLoss.class, Losses.byName(" Hinge ", 0));
    assertInstanceOf(SquaredLoss.class, Losses.byName("squared", 0));
    MarginLoss s = Losses.byName("softmax", 5);
    assertEquals(5, s.numOutputs());
    assertEquals("integers 0..K-1 (K=5)", s.labelDomain());
    assertEquals(List.of("logistic", "hinge", "squared", "softmax"), Losses.NAMES);
    for (String name : Losses.NAMES) {
      assertEquals(name, Losses.byName(name, 3 - (name.equals("logistic") || name.equals("hinge") ? 1 : 0)).name());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.byName("foo", 2));
    assertEquals("Unknown objective 'foo'; expected one of logistic, hinge, squared, softmax",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("softmax", 1));
    assertEquals("Cannot set numClasses to 1, the value must be >= 2", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Losses.byName("logistic", 3));
    assertTrue(e.getMessage().contains("numClasses=3") && e.getMessage().contains("softmax"),
        e.getMessage());
    assertEquals(new SoftmaxLoss(3), new SoftmaxLoss(3));
    assertEquals("softmax(K=3)", new SoftmaxLoss(3).toString());
  }

  /** The one-output losses (SingleMarginLoss): one margin, equal within a class only, named. */
  @Test
  void singleMarginLossesHaveValueSemantics() {
    List<SingleMarginLoss> losses = List.of(new LogisticLoss(), new HingeLoss(), new SquaredLoss());
    List<SingleMarginLoss> again = List.of(new LogisticLoss(), new HingeLoss(), new SquaredLoss());
    for (int i = 0; i < losses.size(); i++) {
      SingleMarginLoss loss = losses.get(i);
      assertEquals(1, loss.numOutputs());
      assertEquals(Losses.NAMES.get(i), loss.name());
      assertEquals(loss.name(), loss.toString());
      assertEquals(again.get(i), loss);
      assertEquals(again.get(i).hashCode(), loss.hashCode());
      for (int j = 0; j < losses.size(); j++) {
        assertEquals(i == j, loss.equals(losses.get(j)), loss + " vs " + losses.get(j));
      }
      assertFalse(loss.equals(null));
    }
  }
}
