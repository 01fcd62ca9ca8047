package io.sparkdtrain.model;

/**
 * Per-task scratch memory a {@link Model} reuses across calls (margins, activations, ...), so the
 * batch methods allocate nothing per row. Made by {@link Model#newWorkspace()}, one per task or
 * thread (not thread-safe); each model casts it back to its own implementation.
 */
public interface Workspace {
  /** The workspace of models that need no scratch. */
  Workspace NONE = new Workspace() {};
}
