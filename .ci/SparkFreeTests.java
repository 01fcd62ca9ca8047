import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * CI helper (run by {@code .ci/run} with Java's single-file launcher, after the default build):
 * prints, one surefire exclude pattern a line, the core test classes that cannot reach Spark or
 * Scala: no class in the transitive closure of their class-level dependencies ({@code jdeps
 * -verbose:class} over the core's compiled main and test classes) is in {@code org.apache.spark} or
 * {@code scala}. Those tests (pure-Java math, optimisers, models, formats) give the same result
 * under every Spark version, so the Spark 4.0 step skips them ({@code -Dsurefire.excludesFile});
 * every test that touches Spark, even through one of our classes, still runs under both.
 *
 * <p>Usage: {@code java .ci/SparkFreeTests.java spark-dtrain-core/target}.
 */
public class SparkFreeTests {
  private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)");
  private static final Pattern TEST = Pattern.compile("(Test|Tests|Suite|TestCase)$");

  public static void main(String[] args) throws IOException {
    Path target = Path.of(args.length > 0 ? args[0] : "spark-dtrain-core/target");
    Path classes = target.resolve("classes");
    Path testClasses = target.resolve("test-classes");
    ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("no jdeps"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:class", "-filter:none",
        classes.toString(), testClasses.toString());
    if (code != 0) {
      throw new IllegalStateException("jdeps failed (" + code + "): " + err);
    }
    Map<String, Set<String>> deps = new HashMap<>();
    for (String line : out.toString().split("\n")) {
      Matcher m = EDGE.matcher(line);
      if (m.find()) {
        deps.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(2));
      }
    }
    Set<String> free = new TreeSet<>();
    try (Stream<Path> files = Files.walk(testClasses)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = testClasses.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (!name.contains("$") && TEST.matcher(name).find() && !reachesSpark(name, deps)) {
          free.add(name.replace('.', '/') + ".java");
        }
      }
    }
    free.forEach(System.out::println);
  }

  private static boolean reachesSpark(String start, Map<String, Set<String>> deps) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String c = todo.pop();
      if (!seen.add(c)) {
        continue;
      }
      for (String d : deps.getOrDefault(c, Set.of())) {
        if (d.startsWith("org.apache.spark.") || d.startsWith("scala.")) {
          return true;
        }
        if (d.startsWith("io.sparkdtrain.")) {
          todo.push(d);
        }
      }
    }
    return false;
  }
}
