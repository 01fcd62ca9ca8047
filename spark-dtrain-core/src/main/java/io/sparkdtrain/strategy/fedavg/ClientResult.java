package io.sparkdtrain.strategy.fedavg;

import io.sparkdtrain.engine.LocalUpdate;
import io.sparkdtrain.events.WorkerStep;
import java.io.Serializable;

/**
 * What one sampled client of a {@link FederatedAveraging} round sends back: its status, its
 * update (null unless accepted), and its measured work.
 *
 * @param client the client (partition) index
 * @param status how the client's round ended
 * @param steps local steps taken
 * @param plannedSteps local steps the round asked for ({@code E x ceil(n_k / B)})
 * @param deltaNorm L2 norm of the client's model delta before clipping (0 if not accepted)
 * @param clipped whether the delta was scaled down to the clipping norm
 * @param update {@code n_k (w_k - w_t)} as a {@link LocalUpdate}; null for dropped or empty clients
 * @param timing the client's work as a worker step (compute, injected delay, bytes)
 */
record ClientResult(int client, Status status, int steps, int plannedSteps, double deltaNorm,
                    boolean clipped, LocalUpdate update, WorkerStep timing) implements Serializable {

  /** How a client's round ended. */
  enum Status {
    /** Every planned local step done within the deadline. */
    COMPLETED,
    /** Stopped at the deadline; the steps done are averaged in (deadline policy PARTIAL). */
    PARTIAL,
    /** Still working at the deadline; nothing is averaged in (deadline policy DROP, or no step done). */
    DROPPED,
    /** The client holds no rows of positive weight. */
    EMPTY
  }

  /** Whether the update is averaged in. */
  boolean accepted() {
    return update != null && (status == Status.COMPLETED || status == Status.PARTIAL);
  }
}
