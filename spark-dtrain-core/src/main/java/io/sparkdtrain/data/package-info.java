/**
 * Training data: the compact per-partition representation every strategy shares ({@link
 * io.sparkdtrain.data.CsrBlock}, pure Java), its builder and validation, and the Spark adapters that
 * produce it from a DataFrame ({@link io.sparkdtrain.data.TrainingData#fromDataFrame}), LIBSVM
 * files ({@link io.sparkdtrain.data.LibsvmInput}) or seeded synthetic data
 * ({@link io.sparkdtrain.data.SyntheticData}). Validation errors name the column or the file and line.
 */
package io.sparkdtrain.data;
