package io.sparkdtrain.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library used as a user would (README "Use it from your project"): the artifact this build made
 * ({@code spark-dtrain-core_<scala>}, with the POM it installs) is installed into a throwaway local
 * repository under {@code target/}, a separate Maven project (src/test/resources/user-project)
 * depending on it is built there with {@code mvn package}, and its main class is run by SparkSubmit
 * on {@code local[2]} with the library given by {@code --jars}. Its a9a test AUC must be within 0.02
 * of MLlib's LogisticRegression, trained in the same run.
 *
 * <p>Nothing is written to the shared local repository ({@code ~/.m2/repository}): the throwaway one
 * resolves every other artifact (Spark, Maven's plugins) from it, read as a remote repository through
 * its {@code file:} URL (releases only, so the shared snapshots of spark-dtrain are never seen), and
 * only what is missing there from Maven Central: a project without our parent's dependency management
 * needs a few POMs our build never resolved (the Jackson BOMs of the versions Maven's conflict
 * resolution drops). {@code -o} is not used: it would refuse the {@code file:} repository too. The
 * first run copies the Spark jars (about 260 MB) into {@code target/user-project/m2}; later runs of
 * the same build reuse them and reinstall only spark-dtrain.
 */
class UserProjectE2ETest {

  @Test
  void aSeparateMavenProjectBuildsAgainstTheInstalledArtifactAndTrainsOnA9a() throws Exception {
    String scala = property("dtrain.scala.binary.version");
    String version = property("dtrain.version");
    Path root = Dtrain.root();
    String artifact = "spark-dtrain-core_" + scala;
    Path jar = root.resolve("spark-dtrain-core/target/" + artifact + "-" + version + ".jar");
    Path pom = root.resolve("spark-dtrain-core/target/.flattened-pom.xml");
    assertTrue(Files.isRegularFile(jar) && Files.isRegularFile(pom), "build the core module first: " + jar + ", " + pom);

    Path work = root.resolve("src/test/target/user-project");
    Path repo = work.resolve("m2");
    deleteTree(repo.resolve("io/sparkdtrain"));   // only what this run installs
    Files.createDirectories(repo);
    Path settings = work.resolve("settings.xml");
    String shared = "<id>shared-local-repository</id><url>" + Path.of(property("dtrain.maven.local.repository")).toUri()
        + "</url><snapshots><enabled>false</enabled></snapshots>";
    Files.writeString(settings, "<settings><profiles><profile><id>shared</id>"
        + "<repositories><repository>" + shared + "</repository></repositories>"
        + "<pluginRepositories><pluginRepository>" + shared + "</pluginRepository></pluginRepositories>"
        + "</profile></profiles><activeProfiles><activeProfile>shared</activeProfile></activeProfiles></settings>\n");

    mvn(work, settings, repo, "org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file",
        "-Dfile=" + jar, "-DpomFile=" + pom);
    Path installed = repo.resolve("io/sparkdtrain/" + artifact + "/" + version + "/" + artifact + "-" + version + ".jar");
    assertTrue(Files.isRegularFile(installed), "not installed: " + installed);
    String installedPom = Files.readString(installed.resolveSibling(artifact + "-" + version + ".pom"));
    assertTrue(installedPom.contains("<artifactId>" + artifact + "</artifactId>") && !installedPom.contains("${"),
        "the installed POM must name the artifact without expressions:\n" + installedPom);

    Path app = work.resolve("app");
    deleteTree(app);
    copyProject(root.resolve("src/test/resources/user-project"), app, Map.of("@scala.binary.version@", scala,
        "@dtrain.version@", version, "@spark.version@", property("dtrain.spark.version")));
    mvn(app, settings, repo, "-q", "package", "-DskipTests");
    Path appJar = app.resolve("target/train-a9a.jar");
    assertTrue(Files.isRegularFile(appJar), "mvn package made no " + appJar);

    String output = sparkSubmit(root, "--jars", installed.toString(), "--class", "example.TrainA9a",
        appJar.toString(), Dtrain.data("a9a/a9a"), Dtrain.data("a9a/a9a.t"));
    Matcher m = Pattern.compile("RESULT dtrain_auc=([0-9.]+) mllib_auc=([0-9.]+)").matcher(output);
    assertTrue(m.find(), output);
    double dtrain = Double.parseDouble(m.group(1));
    double mllib = Double.parseDouble(m.group(2));
    System.out.println("UserProjectE2ETest: " + m.group());
    assertTrue(mllib > 0.85, "MLlib's reference AUC " + mllib);
    assertTrue(dtrain > mllib - 0.02, "spark-dtrain's AUC " + dtrain + " against MLlib's " + mllib);
  }

  private static String property(String key) {
    String v = System.getProperty(key);
    if (v == null || v.isEmpty() || v.contains("${")) {
      throw new IllegalStateException("system property " + key + " is not set (src/test/pom.xml sets it): " + v);
    }
    return v;
  }

  private static void mvn(Path dir, Path settings, Path repo, String... goals) throws Exception {
    long start = System.nanoTime();
    List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-s", settings.toString(),
        "-Dmaven.repo.local=" + repo));
    cmd.addAll(List.of(goals));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().put("MAVEN_OPTS", "-Xmx512m");
    run(pb, 300, "mvn " + String.join(" ", goals));
    System.out.printf("UserProjectE2ETest: mvn %s took %.1f s%n", goals[0], (System.nanoTime() - start) / 1e9);
  }

  /** SparkSubmit on local[2], from the build's Spark classpath, as spark-submit would run it. */
  private static String sparkSubmit(Path root, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    cmd.addAll(List.of(property("dtrain.spark.jvm.flags").trim().split("\\s+")));
    cmd.add("-Dlog4j2.configurationFile=" + root.resolve("spark-dtrain-examples/bin/log4j2.properties"));
    cmd.addAll(List.of("-cp", Files.readString(root.resolve("spark-dtrain-examples/target/spark-classpath.txt")).strip(),
        "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--conf", "spark.ui.enabled=false"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_HOME");
    long start = System.nanoTime();
    String out = run(pb, 300, "spark-submit " + String.join(" ", args));
    System.out.printf("UserProjectE2ETest: spark-submit took %.1f s%n", (System.nanoTime() - start) / 1e9);
    return out;
  }

  private static String run(ProcessBuilder pb, long timeoutSeconds, String what) throws Exception {
    File log = Files.createTempFile("user-project", ".log").toFile();
    Process p = pb.redirectErrorStream(true).redirectOutput(log).start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
    log.delete();
    assertTrue(done, what + " did not finish in " + timeoutSeconds + " s:\n" + out);
    assertEquals(0, p.exitValue(), what + " failed:\n" + out);
    return out;
  }

  private static void copyProject(Path from, Path to, Map<String, String> values) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
          continue;
        }
        String text = Files.readString(f);
        for (Map.Entry<String, String> v : values.entrySet()) {
          text = text.replace(v.getKey(), v.getValue());
        }
        Files.writeString(target, text);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(f);
      }
    }
  }
}
