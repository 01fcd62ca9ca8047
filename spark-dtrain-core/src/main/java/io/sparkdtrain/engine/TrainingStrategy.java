package io.sparkdtrain.engine;


/**
 * One distributed training method. Life cycle: configure an instance (immutable), then call
 * {@link #train} any number of times; each call is an independent run that reads the cached data
 * in the context, owns nothing it did not create, and releases every broadcast, job and thread it
 * started before returning or throwing. Deterministic strategies give the same model for the same
 * seed and data.
 */
public interface TrainingStrategy {

  /** Short name used in reports, the Spark UI and the command line ("sync", "local", ...). */
  String name();

  /** Trains from {@code context.startingWeights()} until a stopping rule fires. */
  TrainingResult train(TrainingContext context);
}
