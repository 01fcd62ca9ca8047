package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/dtrain}'s choice of Java and its handling of the user's JVM options, through real runs.
 * Java: {@code $JAVA_HOME/bin/java} when JAVA_HOME is set, else java from PATH, and a message naming
 * both when neither has one. JVM options: our Java 17 flags come first in
 * {@code spark.{driver,executor}.extraJavaOptions} and the user's own value (from DTRAIN_SUBMIT_ARGS
 * or {@code spark-defaults.conf}) is appended, as SparkSubmit itself reports with {@code --verbose}.
 * The SPARK_HOME case uses a Spark distribution laid out in a temporary folder: Spark's jars (the
 * build's classpath) in {@code jars/}, {@code conf/spark-defaults.conf}, and a {@code bin/spark-submit}
 * that runs Spark's own launcher library as Spark's script does.
 */
class LauncherE2ETest {
  private static final String OUR_FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  @Test
  void missingJavaIsReportedNamingJavaHomeAndPath(@TempDir Path dir) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", pathWithoutJava().toString());
    env.put("JAVA_HOME", "");
    Dtrain.Run run = Dtrain.run(env, 60, "train");
    assertEquals(3, run.exitCode(), run.output());
    assertTrue(run.output().contains("Java not found") && run.output().contains("JAVA_HOME")
        && run.output().contains("PATH"), run.output());

    // bin/cluster finds Java the same way (bin/java.sh); it stops before starting anything
    ProcessBuilder cluster = new ProcessBuilder(Dtrain.root().resolve("spark-dtrain-examples/bin/cluster").toString(), "start")
        .redirectErrorStream(true);
    cluster.environment().putAll(env);
    cluster.environment().put("DTRAIN_CLUSTER_DIR", dir.resolve("cluster").toString());
    Process p = cluster.start();
    String clusterOutput = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), clusterOutput);
    assertEquals(3, p.exitValue(), clusterOutput);
    assertTrue(clusterOutput.contains("cluster: Java not found") && clusterOutput.contains("JAVA_HOME"), clusterOutput);

    env.put("JAVA_HOME", dir.resolve("no-such-jdk").toString());
    Dtrain.Run wrongHome = Dtrain.run(env, 60, "train");
    assertEquals(3, wrongHome.exitCode(), wrongHome.output());
    assertTrue(wrongHome.output().contains("JAVA_HOME is set to '" + dir.resolve("no-such-jdk") + "'"),
        wrongHome.output());
  }

  @Test
  void javaHomeIsUsedWhenPathHasNoJava() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", pathWithoutJava().toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    Dtrain.Run run = Dtrain.run(env, 120, "--help");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("Usage: dtrain"), run.output());
  }

  @Test
  void userJavaOptionsFromSubmitArgsAreAppendedToOurs() throws Exception {
    Map<String, String> env = Map.of("DTRAIN_SUBMIT_ARGS",
        "--verbose --conf 'spark.driver.extraJavaOptions=-Duser.driver=1 -Duser.driver2=2'"
            + " --conf spark.executor.extraJavaOptions=-Duser.executor=1");
    Dtrain.Run run = Dtrain.run(env, 120, "--help");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(run.output().contains("Usage: dtrain"), run.output());
    assertOursThenTheirs(run.output(), "spark.driver.extraJavaOptions", "-Duser.driver=1 -Duser.driver2=2");
    assertOursThenTheirs(run.output(), "spark.executor.extraJavaOptions", "-Duser.executor=1");
  }

  @Test
  void withSparkHomeSparkDefaultsAndSubmitArgsAreAppendedToOurs(@TempDir Path dir) throws Exception {
    Path home = sparkDistribution(dir.resolve("spark"));
    Files.writeString(home.resolve("conf/spark-defaults.conf"),
        "# a site's defaults\nspark.driver.extraJavaOptions   -Dsite.driver=1 -Dsite.driver2=2\n"
            + "spark.executor.extraJavaOptions=-Dsite.executor=1\nspark.ui.enabled false\n");
    Path report = dir.resolve("r.json");
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", System.getProperty("dtrain.scala.binary.version", "2.12"));
    env.put("SPARK_PRINT_LAUNCH_COMMAND", "1");
    // the executors' value given on the command line wins over the file's, as with spark-submit
    env.put("DTRAIN_SUBMIT_ARGS", "--verbose --driver-memory 1g --conf spark.executor.extraJavaOptions=-Duser.executor=1");
    Dtrain.Run run = Dtrain.run(env, 180, "train", "--master", "local[2]", "--gen-rows", "2000",
        "--gen-test-rows", "500", "--max-rounds", "3", "--report-json", report.toString(), "--quiet");
    assertEquals(0, run.exitCode(), run.output());
    assertTrue(Files.exists(report), run.output());
    assertOursThenTheirs(run.output(), "spark.driver.extraJavaOptions", "-Dsite.driver=1 -Dsite.driver2=2");
    assertOursThenTheirs(run.output(), "spark.executor.extraJavaOptions", "-Duser.executor=1");
    // the driver JVM Spark's launcher started got both our flags and the site's options
    String command = line(run.output(), "Spark Command:").orElseThrow(() -> new AssertionError(run.output()));
    assertTrue(command.contains(OUR_FLAG) && command.contains("-Dsite.driver=1 -Dsite.driver2=2"), command);
    assertTrue(command.contains("-Dlog4j2.configurationFile="), command);
  }

  /** SparkSubmit --verbose prints "(key,value)" for each property it uses: ours first, theirs last. */
  private static void assertOursThenTheirs(String output, String key, String theirs) {
    String value = line(output, "(" + key + ",").map(String::strip)
        .orElseThrow(() -> new AssertionError("SparkSubmit --verbose printed no " + key + ":\n" + output));
    assertTrue(value.contains(OUR_FLAG), key + " lost our flags: " + value);
    assertTrue(value.endsWith(" " + theirs + ")"), key + " does not end with the user's '" + theirs + "': " + value);
  }

  private static Optional<String> line(String output, String prefix) {
    return output.lines().filter(l -> l.strip().startsWith(prefix)).reduce((a, b) -> b);
  }

  /**
   * A folder with a link to every program of /usr/bin and /bin except java: PATH without Java. It is
   * kept in target/ (a temporary folder's clean-up would warn about each of its links).
   */
  private static Path pathWithoutJava() throws IOException {
    Path bin = Files.createDirectories(Dtrain.root().resolve("src/test/target/path-without-java"));
    for (String system : new String[] {"/usr/bin", "/bin"}) {
      try (var files = Files.list(Path.of(system))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Path link = bin.resolve(f.getFileName().toString());
          if (!f.getFileName().toString().equals("java") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, f);
          }
        }
      }
    }
    return bin;
  }

  /** A Spark distribution's layout: jars/ (the build's Spark classpath), conf/, bin/spark-submit. */
  static Path sparkDistribution(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    Path cpFile = Dtrain.root().resolve("spark-dtrain-examples/target/spark-classpath.txt");
    for (String jar : Files.readString(cpFile).strip().split(java.io.File.pathSeparator)) {
      Path link = jars.resolve(Path.of(jar).getFileName());
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, Path.of(jar));
      }
    }
    Path submit = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
    try (InputStream in = LauncherE2ETest.class.getResourceAsStream("/launcher/spark-submit")) {
      Files.copy(in, submit);
    }
    assertTrue(submit.toFile().setExecutable(true));
    return home;
  }
}
