/**
 * The checks that every immutable settings object and builder runs on the values it is given, with
 * one wording for all of them (after Apache Iceberg's): "Cannot set localSteps to 0, the value must
 * be >= 1" ({@link io.sparkdtrain.validation.Require}).
 *
 * <p>Imports nothing (not even Spark): every other package may use it.
 */
package io.sparkdtrain.validation;
