package io.sparkdtrain.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import io.sparkdtrain.strategy.StrategyRegistry;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers with Kryo every class spark-dtrain ships between JVMs (cached blocks, broadcast models,
 * aggregation values), so the library works with {@code spark.kryo.registrationRequired=true}.
 * Enable it with {@link SparkConfigs#applyKryo}, or by hand:
 * {@code spark.serializer=org.apache.spark.serializer.KryoSerializer} and
 * {@code spark.kryo.registrator=io.sparkdtrain.spark.DtrainKryoRegistrator}.
 */
public class DtrainKryoRegistrator implements KryoRegistrator {

  /**
   * Every class the engine and the models ship, in one list (the tests check registration-required
   * runs); each strategy's own classes come from {@link StrategyRegistry#kryoClassNames()}.
   */
  static final String[] CLASS_NAMES = {
      "io.sparkdtrain.data.CsrBlock",
      "io.sparkdtrain.data.DataStats",
      "io.sparkdtrain.data.DataSource",
      "io.sparkdtrain.model.GradientSum",
      "io.sparkdtrain.model.linear.Objective",
      "io.sparkdtrain.model.linear.ModelShape",
      "io.sparkdtrain.model.linear.Regularization",
      "io.sparkdtrain.model.linear.Regularization$Kind",
      "io.sparkdtrain.model.linear.LogisticLoss",
      "io.sparkdtrain.model.linear.HingeLoss",
      "io.sparkdtrain.model.linear.SquaredLoss",
      "io.sparkdtrain.model.linear.SoftmaxLoss",
      "io.sparkdtrain.metrics.MetricsAccumulator",
      "io.sparkdtrain.metrics.ScoreHistogram",
      "io.sparkdtrain.metrics.EvaluationMetrics",
      "io.sparkdtrain.engine.LocalUpdate",
      "io.sparkdtrain.data.RatingsBlock",
      "io.sparkdtrain.model.mf.MatrixFactorization",
      "io.sparkdtrain.ml.WordVectorTable",
      // the schema a Parquet write of DtrainWord2VecModel's (word, array<float>) rows ships back
      "org.apache.spark.sql.types.StructType",
      "org.apache.spark.sql.types.StructField",
      "[Lorg.apache.spark.sql.types.StructField;",
      "org.apache.spark.sql.types.ArrayType",
      "org.apache.spark.sql.types.Metadata",
      "org.apache.spark.sql.types.StringType$",
      "org.apache.spark.sql.types.FloatType$",
      // the task results of Dataset.toLocalIterator (DtrainWord2VecModel's loader reads row by row)
      "[Lorg.apache.spark.util.io.ChunkedByteBuffer;",
      "io.sparkdtrain.model.mlp.MlpModel",
      "io.sparkdtrain.model.mlp.MultilayerPerceptron",
      "io.sparkdtrain.model.mlp.MlpLayout",
      "io.sparkdtrain.model.mlp.Activation",
      "io.sparkdtrain.events.Timed",
      "io.sparkdtrain.events.WorkerStep",
      "[Lio.sparkdtrain.events.WorkerStep;",
      "io.sparkdtrain.straggler.StragglerModel",
      "io.sparkdtrain.data.IdxInput$Slice",
      // word2vec: the broadcast vocabulary and tables, the rows a task changed
      "io.sparkdtrain.model.word2vec.Vocabulary",
      "io.sparkdtrain.model.word2vec.EmbeddingTables",
      "io.sparkdtrain.word2vec.RowChanges",
      "io.sparkdtrain.word2vec.RowChanges$Table",
      "java.util.HashMap",
      "[Ljava.lang.String;",
      "[F",
  };

  @Override
  public void registerClasses(Kryo kryo) {
    for (String name : CLASS_NAMES) {
      register(kryo, name, DtrainKryoRegistrator.class.getClassLoader());
    }
    kryo.register(double[].class);
    kryo.register(int[].class);
    kryo.register(long[].class);
    kryo.register(boolean[].class);
    kryo.register(double[][].class);
    kryo.register(java.util.TreeMap.class);
    kryo.register(java.util.ArrayList.class);
    kryo.register(java.util.LinkedHashMap.class);
    // last, so that a strategy one JVM does not see cannot shift the ids of the classes above; a
    // strategy added by a user jar is found through the context class loader, Spark's user class
    // loader while it runs the registrators
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    for (String name : StrategyRegistry.kryoClassNames()) {
      register(kryo, name, context != null ? context : DtrainKryoRegistrator.class.getClassLoader());
    }
  }

  private static void register(Kryo kryo, String name, ClassLoader loader) {
    try {
      Class<?> cls = Class.forName(name, true, loader);
      if (cls.isRecord()) {
        // Kryo 4's FieldSerializer cannot read record fields; records are small, Java-serialize them.
        kryo.register(cls, new JavaSerializer());
      } else {
        kryo.register(cls);
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("spark-dtrain class " + name + " is missing from the classpath", e);
    }
  }
}
