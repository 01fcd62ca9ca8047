/**
 * Checkpoints of a training run and resuming from them: the contents ({@link
 * io.sparkdtrain.checkpoint.Checkpoint}), the versioned binary format ({@link
 * io.sparkdtrain.checkpoint.CheckpointCodec}), the directory on a Hadoop file system with atomic
 * writes ({@link io.sparkdtrain.checkpoint.CheckpointStore}) and the hook through which a strategy
 * saves and restores its own state ({@link io.sparkdtrain.checkpoint.Checkpointable}). The
 * {@link io.sparkdtrain.engine.TrainingLoop} writes and reads checkpoints on the strategy's behalf.
 */
package io.sparkdtrain.checkpoint;
