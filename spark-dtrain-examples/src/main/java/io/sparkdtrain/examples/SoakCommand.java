package io.sparkdtrain.examples;

import io.sparkdtrain.ml.SessionSoak;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dtrain soak}: many fits in one JVM, the strategies in turn (sync, local, async, hogwild,
 * fedavg) through the public Estimator, as a long notebook session runs them ({@link SessionSoak});
 * prints the counts after every fit and, at the end, the growth per fit (least-squares slope) of
 * threads, our threads, Hogwild! registry arrays, application broadcasts, cached RDDs and heap.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Many fits in one JVM, strategies in turn: growth per fit of threads, registry arrays,"
        + " broadcasts, cached RDDs and heap.")
final class SoakCommand implements Callable<Integer> {

  @Option(names = "--master", paramLabel = "URL", defaultValue = "local[2]",
      description = "Spark master (default ${DEFAULT-VALUE}); spark-submit's --master wins.")
  String master;

  @Option(names = "--data", paramLabel = "PATH", required = true,
      description = "A LIBSVM file with labels -1/+1 or 0/1 (a9a: ../shared/data/a9a/a9a).")
  String data;

  @Option(names = "--rows", paramLabel = "N", defaultValue = "4000",
      description = "Rows of the file to train on (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(names = "--fits", paramLabel = "N", defaultValue = "500", description = "Fits (default ${DEFAULT-VALUE}).")
  int fits;

  @Option(names = "--rounds", paramLabel = "R", defaultValue = "3",
      description = "Rounds per fit, async 6 times as many (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--seconds", paramLabel = "S", defaultValue = "0",
      description = "Stop starting new fits after S seconds, 0 = no limit (default ${DEFAULT-VALUE}).")
  double seconds;

  @Override
  public Integer call() {
    Checks.atLeast("--rows", rows, 10);
    Checks.require(fits >= 2 * SessionSoak.strategies().size(), "--fits", fits,
        "must be >= " + 2 * SessionSoak.strategies().size() + " (a warm-up pass and one more)");
    Checks.atLeast("--rounds", rounds, 1);
    Checks.require(seconds >= 0, "--seconds", seconds, "must be >= 0");
    SparkSession spark = Sessions.session(master, "dtrain soak");
    Dataset<Row> df = spark.read().format("libsvm").load(data)
        .selectExpr("CAST(IF(label > 0, 1, 0) AS DOUBLE) AS label", "features").limit(rows).repartition(2).cache();
    long n = df.count();
    System.out.printf("soak: %d fits of %s on %d rows of %s, master %s%n", fits, SessionSoak.strategies(), n, data,
        spark.sparkContext().master());
    long deadline = seconds > 0 ? System.nanoTime() + (long) (seconds * 1e9) : Long.MAX_VALUE;
    long t0 = System.nanoTime();
    List<SessionSoak.Fit> done = new SessionSoak(df, rounds).run(fits, f -> System.out.printf(Locale.ROOT,
        "fit %4d %-7s %5.1f s objective %.4f  %s%n", f.index(), f.strategy(), f.seconds(), f.objective(), f.counts()),
        () -> System.nanoTime() < deadline);
    int warm = SessionSoak.strategies().size();
    double[] s = SessionSoak.slopes(done, warm);
    System.out.printf(Locale.ROOT, "soak: %d fits in %.0f s; growth per fit over fits %d..%d (least-squares slope):%n",
        done.size(), (System.nanoTime() - t0) / 1e9, warm, done.size() - 1);
    System.out.printf(Locale.ROOT, "  threads %+.4f, dtrain threads %+.4f, registry arrays %+.4f, broadcasts %+.4f,"
        + " cached RDDs %+.4f, heap %+.1f KiB%n", s[0], s[1], s[2], s[3], s[4], s[5] / 1024);
    System.out.printf("  first after warm-up: %s%n  last:                %s%n", done.get(warm).counts(),
        done.get(done.size() - 1).counts());
    df.unpersist();
    return 0;
  }
}
