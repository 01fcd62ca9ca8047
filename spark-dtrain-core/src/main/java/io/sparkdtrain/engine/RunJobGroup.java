package io.sparkdtrain.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark job group and job descriptions of one training run (used by {@link TrainingLoop}).
 *
 * <p>When the calling thread has a Spark job group (e.g. a Zeppelin paragraph's), the run's jobs
 * stay in it (only job descriptions are set, and the caller's is restored by {@link #release}), so
 * cancelling that group cancels training. Otherwise the run sets its own {@code dtrain-<strategy>-...}
 * group in {@link #enter} and clears it in {@link #release}. Threads started after {@link #enter}
 * inherit the group.
 */
final class RunJobGroup {
  static final String JOB_GROUP_PROPERTY = "spark.jobGroup.id";
  static final String JOB_DESCRIPTION_PROPERTY = "spark.job.description";
  /** Own groups not yet released: a failed run leaves its group, the next run must not keep it. */
  private static final Set<String> OWN_GROUPS = ConcurrentHashMap.newKeySet();
  private final JavaSparkContext sparkContext;
  private final String strategy;
  private final String jobGroup;
  /** False when the caller's thread already had a job group, which the run then keeps. */
  private final boolean ownsJobGroup;
  private String callerDescription;

  /** Reads the calling thread's job group; call on the thread that starts the run. */
  RunJobGroup(JavaSparkContext sparkContext, String strategy) {
    this.sparkContext = sparkContext;
    this.strategy = strategy;
    String callerGroup = sparkContext.getLocalProperty(JOB_GROUP_PROPERTY);
    if (callerGroup != null && OWN_GROUPS.remove(callerGroup)) {
      callerGroup = null; // left by an earlier run of this thread that failed: not the caller's
    }
    this.ownsJobGroup = callerGroup == null;
    this.jobGroup = ownsJobGroup ? "dtrain-" + strategy + "-" + Long.toHexString(System.nanoTime())
        : callerGroup;
  }

  /** Sets the run's own group, or remembers the caller's description; names the first evaluation. */
  void enter() {
    if (ownsJobGroup) {
      OWN_GROUPS.add(jobGroup);
      sparkContext.setJobGroup(jobGroup, "dtrain " + strategy + " evaluation", true);
    } else {
      callerDescription = sparkContext.getLocalProperty(JOB_DESCRIPTION_PROPERTY);
      sparkContext.setJobDescription("dtrain " + strategy + " evaluation");
    }
  }

  /** Names the jobs that follow in the Spark UI. */
  void describe(String description) {
    sparkContext.setJobDescription(description);
  }

  /** The group the run's jobs belong to: the caller's when it had one, else the run's own. */
  String id() {
    return jobGroup;
  }

  /**
   * Clears the run's own job group, or, when the caller's group was kept, only restores the
   * caller's job description: the caller's group is never replaced nor cleared.
   */
  void release() {
    if (ownsJobGroup) {
      OWN_GROUPS.remove(jobGroup);
      sparkContext.clearJobGroup();
    } else {
      sparkContext.setLocalProperty(JOB_DESCRIPTION_PROPERTY, callerDescription);
    }
  }
}
