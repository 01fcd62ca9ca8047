/**
 * The model abstraction every strategy trains without knowing which model it is (pure Java, no
 * Spark).
 *
 * <ul>
 *   <li>{@link io.sparkdtrain.model.ExampleBlock}: a cached block of weighted rows
 *       ({@code data.CsrBlock}: sparse feature rows; {@code data.RatingsBlock}: ratings).
 *   <li>{@link io.sparkdtrain.model.Model}: a flat {@code double[]} parameter vector, batch loss and
 *       dense gradient, penalty, shape ({@link io.sparkdtrain.model.ModelDescription}), a worker's
 *       {@link io.sparkdtrain.model.LocalStepper} (O(touched) for sparse models) and a Hogwild!
 *       racing step on a shared array; dense fallbacks for both, so a dense model implements only
 *       {@code addGradient} and {@code loss}.
 *   <li>{@link io.sparkdtrain.model.Classifier}: a model whose rows are class indices and which gives
 *       class probabilities for a run of rows; the engine's held-out accuracy, log-loss and AUC of
 *       any classifier come from it ({@code model.mlp.MlpModel} is one).
 *   <li>{@link io.sparkdtrain.model.GradientSum}: mergeable weighted sums of loss and gradient
 *       (MLlib's aggregator contract) for any model.
 * </ul>
 *
 * <p>Families: {@code model.linear} (margin losses with L1/L2 and intercepts; its stepper is
 * {@code SparseSgd} with lazy L2), {@code model.mf} (biased matrix factorisation, Koren, Bell and
 * Volinsky 2009), and {@code model.mlp} (the feed-forward network). Every strategy trains every
 * model: sync through {@code GradientSum}, Local SGD, async and FedAvg through
 * {@code localStepper}, Hogwild! through {@code racingStep}; only FedAvg's label-based client
 * partitioners need labelled CSR rows.
 *
 * <p>How to add a model: implement {@code Model<B>} for a block type {@code B} (add the block to
 * {@code data} with an {@code ExampleData<B>} over its cached RDD if it is new), override
 * {@code localStepper}/{@code racingStep} if its steps are sparse, and {@code predict}/{@code target}
 * for a held-out RMSE (or implement {@code Classifier} for accuracy, log-loss and AUC); then pass it
 * to a {@code TrainingContext}.
 */
package io.sparkdtrain.model;
