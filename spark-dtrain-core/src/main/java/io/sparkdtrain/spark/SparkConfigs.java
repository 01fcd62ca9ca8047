package io.sparkdtrain.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Spark settings the library recommends, in one place. A setting the user already made is never
 * overwritten: these methods only add what is missing.
 */
public final class SparkConfigs {
  static final String SERIALIZER = "spark.serializer";
  static final String REGISTRATOR = "spark.kryo.registrator";
  static final String REGISTRATION_REQUIRED = "spark.kryo.registrationRequired";
  static final String KRYO = "org.apache.spark.serializer.KryoSerializer";

  private SparkConfigs() {}

  /**
   * Kryo with spark-dtrain's registrator, keeping every user setting:
   * <ul>
   *   <li>{@code spark.serializer}: set to Kryo only when unset (a user's choice stays);
   *   <li>{@code spark.kryo.registrator}: {@link DtrainKryoRegistrator} is appended to the user's
   *       comma-separated list (Spark runs every registrator in it), unless already listed;
   *   <li>{@code spark.kryo.registrationRequired}: set to {@code strict} only when unset;
   *   <li>every other {@code spark.kryo.*} option is left as it is.
   * </ul>
   *
   * @return {@code conf}, changed in place
   */
  public static SparkConf applyKryo(SparkConf conf, boolean strict) {
    conf.setIfMissing(SERIALIZER, KRYO);
    conf.set(REGISTRATOR, withRegistrator(conf.get(REGISTRATOR, "")));
    conf.setIfMissing(REGISTRATION_REQUIRED, Boolean.toString(strict));
    return conf;
  }

  /** The registrator list {@code current} with {@link DtrainKryoRegistrator} appended once. */
  static String withRegistrator(String current) {
    String ours = DtrainKryoRegistrator.class.getName();
    List<String> names = new ArrayList<>();
    for (String name : Arrays.asList(current.split(","))) {
      if (!name.trim().isEmpty()) {
        names.add(name.trim());
      }
    }
    if (!names.contains(ours)) {
      names.add(ours);
    }
    return String.join(",", names);
  }

  /**
   * Makes the SparkContext wait at start-up for all the executors it asked for
   * ({@code spark.scheduler.minRegisteredResourcesRatio=1.0}, where the cluster manager supports it)
   * for at most {@code spark.scheduler.maxRegisteredResourcesWaitingTime=120s}; settings the user
   * gave are kept. {@link io.sparkdtrain.engine.ExecutorWait} checks the count again before training.
   */
  public static SparkConf applyExecutorWait(SparkConf conf) {
    conf.setIfMissing("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    conf.setIfMissing("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
    return conf;
  }
}
