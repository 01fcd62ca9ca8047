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
}
