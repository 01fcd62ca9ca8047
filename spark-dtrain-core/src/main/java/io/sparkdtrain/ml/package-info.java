/**
 * The Spark ML Pipeline API of spark-dtrain: {@link io.sparkdtrain.ml.DtrainClassifier} and
 * {@link io.sparkdtrain.ml.DtrainRegressor} (Estimators) and their Models, with the shared params
 * ({@link io.sparkdtrain.ml.DtrainParams}: columns, {@code strategy} and its settings), training
 * summaries and persistence that works inside saved {@code PipelineModel}s; and
 * {@link io.sparkdtrain.ml.DtrainMatrixFactorization}, Hogwild! matrix factorisation with the API
 * of MLlib's {@code ALS}; and {@link io.sparkdtrain.ml.DtrainWord2Vec}, skip-gram word2vec with the
 * API of MLlib's {@code Word2Vec}; and {@link io.sparkdtrain.ml.DtrainMultilayerPerceptronClassifier},
 * a feed-forward network with the API of MLlib's {@code MultilayerPerceptronClassifier}, on MLlib's
 * {@code ProbabilisticClassifier}.
 *
 * <p>A thin layer: params become an immutable {@link io.sparkdtrain.engine.TrainingConfig} and a
 * {@link io.sparkdtrain.engine.TrainingStrategy}, the data becomes cached
 * {@link io.sparkdtrain.data.TrainingData} (released after {@code fit}), and the trained weights a
 * Model. Params are written in Java the way Spark's {@code JavaTestParams} is.
 */
package io.sparkdtrain.ml;
