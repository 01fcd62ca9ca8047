package io.sparkdtrain.e2e.notebook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Executes a Zeppelin note the way Zeppelin's Spark interpreter group does, paragraph by paragraph:
 * <ul>
 *   <li>{@code %spark}: interpreted by a class-based Scala REPL ({@link ScalaRepl}) whose compiled
 *       lines Spark serves to executors ({@code spark.repl.class.outputDir}), with {@code spark},
 *       {@code sc} and {@code sqlContext} bound and Zeppelin's default imports
 *       ({@code org.apache.spark.SparkContext._}, {@code spark.implicits._}, {@code spark.sql},
 *       {@code org.apache.spark.sql.functions._}); a paragraph the REPL finds {@code Incomplete} is
 *       retried with a trailing {@code print("")}, as Zeppelin does;</li>
 *   <li>{@code %spark.sql}: each {@code ;}-separated statement run with {@code spark.sql(...)} and
 *       collected;</li>
 *   <li>{@code %md}: skipped; disabled paragraphs ({@code "config": {"enabled": false}}) too.</li>
 * </ul>
 * Every note gets a fresh REPL and a fresh {@code local[2]} SparkSession built with the REPL's class
 * loader as context class loader. The system property {@code dtrain.notebook.out} points at the
 * note's output folder while it runs (notes write charts there). The first failing paragraph stops
 * the note with a {@link NotebookFailure} naming the note, the paragraph id and the error.
 */
final class NotebookRunner {
  /** The property notes read their output folder from. */
  static final String OUT_PROPERTY = "dtrain.notebook.out";

  /** What one note's run produced. */
  record NoteRun(ZeppelinNote note, Path outDir, List<String> executed, double seconds, String console) {}

  private static final String[] BOOTSTRAP = {
      "@transient val spark = io.sparkdtrain.e2e.notebook.NotebookSession.spark()\n"
          + "@transient val sc = spark.sparkContext\n"
          + "@transient val sqlContext = spark.sqlContext",
      "import org.apache.spark.SparkContext._\n"
          + "import spark.implicits._\n"
          + "import spark.sql\n"
          + "import org.apache.spark.sql.functions._",
      "print(\"\")",
  };

  private NotebookRunner() {}

  /** Runs every paragraph of {@code note}; working files go under {@code workDir}. */
  static NoteRun run(ZeppelinNote note, Path workDir) throws NotebookFailure, IOException, ReflectiveOperationException {
    Path replDir = Files.createDirectories(workDir.resolve("repl-classes"));
    Path outDir = Files.createDirectories(workDir.resolve("out"));
    long start = System.nanoTime();
    List<String> executed = new ArrayList<>();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    String previousOut = System.getProperty(OUT_PROPERTY);
    System.setProperty(OUT_PROPERTY, outDir.toAbsolutePath().toString());
    SparkSession spark = null;
    try (ScalaRepl repl = new ScalaRepl(replDir)) {
      thread.setContextClassLoader(repl.classLoader());
      SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("zeppelin note " + note.name())
          .set("spark.repl.class.outputDir", replDir.toAbsolutePath().toString())
          .set("spark.sql.shuffle.partitions", "2")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1");
      spark = SparkSession.builder().config(conf).getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
      NotebookSession.set(spark);
      for (String line : BOOTSTRAP) {
        int mark = repl.mark();
        if (repl.interpret(line) != ScalaRepl.Result.SUCCESS) {
          throw new IllegalStateException("the harness's bootstrap failed on\n" + line + "\n" + repl.since(mark));
        }
      }
      for (ZeppelinNote.Paragraph p : note.paragraphs()) {
        if (!p.enabled() || p.interpreter().equals("md")) {
          continue;
        }
        long t0 = System.nanoTime();
        switch (p.interpreter()) {
          case "spark", "spark.spark", "spark.scala" -> runScala(note, p, repl);
          case "spark.sql", "sql" -> runSql(note, p, spark);
          default -> throw new NotebookFailure(note.name(), p.id(),
              "unknown interpreter %" + p.interpreter() + " (the harness knows %md, %spark, %spark.sql)");
        }
        executed.add(p.id());
        System.out.printf(Locale.ROOT, "[notebook] %s / %s (%s): %.1f s%n", note.name(), p.id(), p.interpreter(),
            (System.nanoTime() - t0) / 1e9);
      }
      return new NoteRun(note, outDir, executed, (System.nanoTime() - start) / 1e9, repl.console());
    } finally {
      NotebookSession.set(null);
      if (spark != null) {
        spark.stop();
      }
      thread.setContextClassLoader(previous);
      if (previousOut == null) {
        System.clearProperty(OUT_PROPERTY);
      } else {
        System.setProperty(OUT_PROPERTY, previousOut);
      }
    }
  }

  private static void runScala(ZeppelinNote note, ZeppelinNote.Paragraph p, ScalaRepl repl)
      throws NotebookFailure, ReflectiveOperationException {
    int mark = repl.mark();
    ScalaRepl.Result r = repl.interpret(p.code());
    if (r == ScalaRepl.Result.INCOMPLETE) { // as Zeppelin: finish the unit with a trailing statement
      r = repl.interpret(p.code() + "\nprint(\"\")");
    }
    if (r != ScalaRepl.Result.SUCCESS) {
      throw new NotebookFailure(note.name(), p.id(), (r == ScalaRepl.Result.INCOMPLETE ? "incomplete input\n" : "")
          + repl.since(mark));
    }
  }

  private static void runSql(ZeppelinNote note, ZeppelinNote.Paragraph p, SparkSession spark) throws NotebookFailure {
    for (String statement : p.code().split(";\\s*(\\r?\\n|$)")) {
      if (statement.isBlank()) {
        continue;
      }
      try {
        spark.sql(statement).collectAsList();
      } catch (Exception e) {
        throw new NotebookFailure(note.name(), p.id(), "SQL failed: " + statement.strip() + "\n" + e);
      }
    }
  }
}
