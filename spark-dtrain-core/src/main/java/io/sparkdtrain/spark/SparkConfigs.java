package io.sparkdtrain.spark;

import org.apache.spark.SparkConf;

/** Spark settings the library recommends, in one place. */
public final class SparkConfigs {
  private SparkConfigs() {}

  /** Kryo with spark-dtrain's registrator (registration not required unless {@code strict}). */
  public static SparkConf applyKryo(SparkConf conf, boolean strict) {
    return conf.set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
        .set("spark.kryo.registrator", DtrainKryoRegistrator.class.getName())
        .set("spark.kryo.registrationRequired", Boolean.toString(strict));
  }

  /**
   * Makes the SparkContext wait at start-up for all the executors it asked for
   * ({@code spark.scheduler.minRegisteredResourcesRatio=1.0}, where the cluster manager supports it)
   * for at most {@code spark.scheduler.maxRegisteredResourcesWaitingTime=120s}; settings the user
   * gave are kept. {@link ExecutorWait} checks the count again before training.
   */
  public static SparkConf applyExecutorWait(SparkConf conf) {
    conf.setIfMissing("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    conf.setIfMissing("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
    return conf;
  }
}
