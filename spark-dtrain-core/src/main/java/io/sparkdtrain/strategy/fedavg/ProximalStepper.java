package io.sparkdtrain.strategy.fedavg;

import io.sparkdtrain.model.CopyLocalStepper;
import io.sparkdtrain.model.ExampleBlock;
import io.sparkdtrain.model.Model;
import io.sparkdtrain.model.Workspace;
import io.sparkdtrain.model.linear.Objective;
import io.sparkdtrain.optim.LearningRates;
import java.util.Arrays;

/**
 * FedProx's local stepper for any {@link Model} (Li, Sahu, Zaheer, Sanjabi, Talwalkar and Smith,
 * "Federated Optimization in Heterogeneous Networks", MLSys 2020): the client minimises its data loss
 * plus the proximal term {@code (mu / 2) ||w - w_t||^2} around the round's global model {@code w_t},
 * by dense mini-batch SGD at a constant rate:
 * {@code w <- w - lr (mean data gradient + grad R(w) + mu (w - w_t))}. For a linear model whose
 * penalty is L1 the soft-thresholding proximal step of the penalty follows
 * ({@link io.sparkdtrain.model.linear.Regularization#applyProximal}), as in the linear FedProx step
 * this class replaced: the same floating-point operations in the same order, so linear runs keep
 * their numbers.
 *
 * <p>O(dimension) per step: the proximal gradient touches every coordinate. Cheap for dense models
 * (the network) and small linear ones (softmax on Fashion-MNIST, 7,850 parameters); slow for very
 * wide sparse models. Not thread-safe; one per client task.
 *
 * @param <B> the block type
 */
final class ProximalStepper<B extends ExampleBlock> extends CopyLocalStepper<B> {
  private final Model<B> model;
  private final double[] anchor;
  private final double[] gradient;
  private final Workspace ws;
  private final double mu;

  /** A stepper at a copy of {@code start}, pulled toward it with strength {@code mu}, at rate {@code lr}. */
  ProximalStepper(Model<B> model, double[] start, double lr, double mu) {
    super(model, start, LearningRates.constant(lr));
    this.model = model;
    this.anchor = start;
    this.gradient = new double[w.length];
    this.ws = model.newWorkspace();
    this.mu = mu;
  }

  @Override
  public double step(B block, int[] rows, int count) {
    double a = block.weightSum(rows, count);
    if (!(a > 0)) {
      return 0.0;
    }
    Arrays.fill(gradient, 0.0);
    double loss = model.addGradient(block, rows, count, w, 1.0, gradient, ws);
    double inv = 1.0 / a;
    for (int i = 0; i < w.length; i++) {
      gradient[i] *= inv;
    }
    model.addPenaltyGradient(w, gradient);
    double lr = rate();
    for (int i = 0; i < w.length; i++) {
      w[i] -= lr * (gradient[i] + mu * (w[i] - anchor[i]));
    }
    if (model instanceof Objective linear) { // L1: the penalty's proximal step (a no-op otherwise)
      linear.regularization().applyProximal(w, linear.shape(), lr);
    }
    stepTaken();
    return loss / a;
  }
}
