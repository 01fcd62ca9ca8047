package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.testing.SharedSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API from Scala, the way a Zeppelin {@code %spark} paragraph uses it: Scala lines interpreted by
 * a class-based REPL ({@code scala.tools.nsc.interpreter.IMain}, {@code -Yrepl-class-based
 * -usejavacp}) against the shared session. IMain's constructor differs between Scala 2.12
 * ({@code (Settings, PrintWriter)}) and 2.13 ({@code (Settings, ReplReporter)}), so it is built
 * reflectively and the test compiles under both Spark profiles. The Scala code ships no REPL-defined
 * closures to executors (DataFrame API only), so the shared session needs no REPL class server.
 */
@Tag("spark4")
class ScalaReplTest {
  @TempDir
  Path outDir;

  @Test
  void fitsTransformsAndTunesFromScala() throws Exception {
    SharedSpark.session();
    MlData.a9aSmall().createOrReplaceTempView("a9a_small");
    StringWriter console = new StringWriter();
    Object repl = newRepl(console);
    String[] paragraphs = {
        "import org.apache.spark.sql.SparkSession\n"
            + "import org.apache.spark.ml.{Pipeline, PipelineStage}\n"
            + "import org.apache.spark.ml.feature.StandardScaler\n"
            + "import org.apache.spark.ml.tuning.{ParamGridBuilder, TrainValidationSplit}\n"
            + "import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator\n"
            + "import io.sparkdtrain.ml._\n"
            + "val spark = SparkSession.builder.getOrCreate()",
        // an explicit step: with the derived default (1/(2L), conservative for full-partition local steps)
        // 5 rounds of 4 local steps reach 0.754 accuracy (measured), the test is about the Scala API
        "val df = spark.table(\"a9a_small\")\n"
            + "val clf = new DtrainClassifier().setStrategy(\"local\").setLocalSteps(4).setMaxRounds(5).setStepSize(0.1)\n"
            + "val scaler = new StandardScaler().setInputCol(\"features\").setOutputCol(\"scaled\")\n"
            + "val model = new Pipeline().setStages(Array(scaler, clf.setFeaturesCol(\"scaled\"))).fit(df)\n"
            + "val accuracy = model.transform(df).where(\"prediction = label\").count().toDouble / df.count()",
        "val tuned = new DtrainClassifier().setMaxRounds(2)\n"
            + "val grid = new ParamGridBuilder().addGrid(tuned.strategy, Array(\"sync\", \"local\"))"
            + ".addGrid(tuned.localSteps, Array(1, 2)).build()\n"
            + "val tvs = new TrainValidationSplit().setEstimator(tuned).setEstimatorParamMaps(grid)"
            + ".setEvaluator(new BinaryClassificationEvaluator()).setTrainRatio(0.75).fit(df)\n"
            + "val settings = tvs.validationMetrics.length\n"
            + "val rounds = tvs.bestModel.asInstanceOf[DtrainClassificationModel].summary.totalRounds",
    };
    for (String p : paragraphs) {
      String result = String.valueOf(repl.getClass().getMethod("interpret", String.class).invoke(repl, p));
      assertEquals("Success", result, "paragraph failed:\n" + p + "\n--- REPL output ---\n" + console);
    }
    double accuracy = (Double) value(repl, "accuracy");
    assertTrue(accuracy > 0.8, "accuracy from Scala " + accuracy);
    assertEquals(4, value(repl, "settings"));
    assertEquals(2, value(repl, "rounds"));
    String broken = String.valueOf(repl.getClass().getMethod("interpret", String.class)
        .invoke(repl, "new DtrainClassifier().setStrategy(\"nope\")"));
    assertEquals("Error", broken, "an invalid strategy fails the paragraph");
    assertTrue(console.toString().contains("strategy given invalid value nope"), console.toString());
    repl.getClass().getMethod("close").invoke(repl);
  }

  private Object newRepl(StringWriter console) throws Exception {
    scala.tools.nsc.Settings settings = new scala.tools.nsc.Settings();
    settings.processArgumentString("-usejavacp -Yrepl-class-based -Yrepl-outdir " + outDir);
    PrintWriter out = new PrintWriter(console, true);
    Class<?> imain = Class.forName("scala.tools.nsc.interpreter.IMain");
    try { // Scala 2.12
      return imain.getConstructor(scala.tools.nsc.Settings.class, PrintWriter.class).newInstance(settings, out);
    } catch (NoSuchMethodException e) { // Scala 2.13: IMain(Settings, ReplReporter)
      Class<?> reporterClass = Class.forName("scala.tools.nsc.interpreter.shell.ReplReporterImpl");
      Object reporter = reporterClass.getConstructor(scala.tools.nsc.Settings.class, PrintWriter.class)
          .newInstance(settings, out);
      Constructor<?> c = null;
      for (Constructor<?> k : imain.getConstructors()) {
        if (k.getParameterCount() == 2 && k.getParameterTypes()[0] == scala.tools.nsc.Settings.class) {
          c = k;
        }
      }
      return c.newInstance(settings, reporter);
    }
  }

  private static Object value(Object repl, String name) throws Exception {
    scala.Option<?> v = (scala.Option<?>) repl.getClass().getMethod("valueOfTerm", String.class).invoke(repl, name);
    assertTrue(v.isDefined(), "no value for " + name);
    return v.get();
  }
}
