package io.sparkdtrain.examples;

import io.sparkdtrain.engine.ExecutorWait;
import io.sparkdtrain.spark.SparkConfigs;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The one way the commands get their SparkSession. */
final class Sessions {
  private Sessions() {}

  /**
   * The session of a command: Kryo with spark-dtrain's registrator (user settings kept), the master
   * and application name unless spark-submit gave them, log level WARN; it returns once the
   * executors the application asked for have registered ({@link ExecutorWait}).
   *
   * @param master the command's {@code --master}, used when {@code spark.master} is not set
   * @param appName for example "dtrain train", used when {@code spark.app.name} is not set
   */
  static SparkSession session(String master, String appName) {
    SparkConf conf = SparkConfigs.applyKryo(new SparkConf(), false);
    if (!conf.contains("spark.master")) {
      conf.setMaster(master);
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName(appName);
    }
    SparkSession spark = SparkSession.builder().config(SparkConfigs.applyExecutorWait(conf)).getOrCreate();
    // before the data is read and cached, so that its blocks (and the workers) spread over every executor
    ExecutorWait.await(spark.sparkContext());
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  /**
   * The master of a command whose {@code --master} defaults to its parallelism: {@code master} when
   * given, else {@code local[N]} with N = {@code threads} when positive, else {@code local[*]}.
   */
  static String master(String master, int threads) {
    if (master != null) {
      return master;
    }
    return threads > 0 ? "local[" + threads + "]" : "local[*]";
  }
}
