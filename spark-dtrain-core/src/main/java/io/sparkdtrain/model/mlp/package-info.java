/**
 * The feed-forward network model family (issue 17): {@link io.sparkdtrain.model.mlp.MlpLayout}
 * (layer sizes and the flat parameter layout), {@link io.sparkdtrain.model.mlp.Activation} (ReLU
 * with He initialisation, tanh with Glorot's) and {@link io.sparkdtrain.model.mlp.MultilayerPerceptron}
 * (mini-batch forward and backward passes as level-3 BLAS products, softmax cross-entropy, L2 weight
 * decay, inverted dropout), with its per-thread {@link io.sparkdtrain.model.mlp.MlpWorkspace}. Pure
 * Java; nothing here imports Spark.
 */
package io.sparkdtrain.model.mlp;
