package io.sparkdtrain.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Spark standalone cluster on loopback (one Master, two Workers of 1 core and 1g) started and
 * stopped with {@code spark-dtrain-examples/bin/cluster}, as a user would, in its own state
 * directory. Every executor an application gets runs in its own JVM, started by a Worker in
 * {@code work-N/APP_ID/EXECUTOR_ID/}; {@link #executorsOf} reads them back from there.
 */
final class StandaloneCluster implements AutoCloseable {
  /** "Started daemon with process name: 1819@host" in an executor's stderr: its JVM's PID. */
  private static final Pattern EXECUTOR_PID = Pattern.compile("Started daemon with process name: (\\d+)@");

  private final Path state;
  private final String secret;
  private final String masterUrl;

  private StandaloneCluster(Path state, String secret, String masterUrl) {
    this.state = state;
    this.secret = secret;
    this.masterUrl = masterUrl;
  }

  /**
   * Starts the cluster with its state in {@code state}; with a {@code secret}, master and workers
   * run with {@code spark.authenticate} and {@code spark.network.crypto.enabled}. If the start
   * fails, whatever it started is stopped before the error is thrown.
   */
  static StandaloneCluster start(Path state, String secret) throws IOException, InterruptedException {
    Script.Result r = script(state, secret, "start", 150);
    if (r.exitCode() != 0) {
      script(state, secret, "stop", 60);
      throw new IllegalStateException("bin/cluster start failed (" + r.exitCode() + "):\n" + r.output());
    }
    String url = Files.readString(state.resolve("master-url")).trim();
    if (!r.output().contains(url)) {
      throw new IllegalStateException("bin/cluster start did not print the master URL " + url + ":\n" + r.output());
    }
    return new StandaloneCluster(state, secret, url);
  }

  /**
   * An empty state directory {@code src/test/target/cluster-NAME} (kept after the run for its
   * logs); a cluster a killed earlier run left there is stopped first, by its recorded PIDs.
   */
  static Path freshState(String name) throws IOException, InterruptedException {
    Path dir = Dtrain.root().resolve("src/test/target/cluster-" + name);
    if (Files.exists(dir)) {
      script(dir, null, "stop", 90);
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    return dir;
  }

  String masterUrl() {
    return masterUrl;
  }

  Path state() {
    return state;
  }

  /** The properties file bin/cluster wrote with the secret (for {@code --properties-file}). */
  Path authProperties() {
    return state.resolve("auth.properties");
  }

  /** Output of {@code bin/cluster status}. */
  Script.Result status() throws IOException, InterruptedException {
    return script(state, secret, "status", 60);
  }

  /** The applications the workers have run so far (their {@code app-*} work directories). */
  List<String> applications() throws IOException {
    List<String> apps = new ArrayList<>();
    for (int w = 1; w <= 2; w++) {
      Path work = state.resolve("work-" + w);
      if (Files.isDirectory(work)) {
        try (Stream<Path> s = Files.list(work)) {
          s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("app-"))
              .filter(n -> !apps.contains(n)).forEach(apps::add);
        }
      }
    }
    apps.sort(null);
    return apps;
  }

  /**
   * The executors of application {@code appId}: "worker-N/EXECUTOR_ID" mapped to the PID of the
   * executor JVM (from the first line its stderr log has about it), for every executor the
   * workers started.
   */
  Map<String, Executor> executorsOf(String appId) throws IOException {
    Map<String, Executor> out = new TreeMap<>();
    for (int w = 1; w <= 2; w++) {
      Path app = state.resolve("work-" + w).resolve(appId);
      if (!Files.isDirectory(app)) {
        continue;
      }
      try (Stream<Path> s = Files.list(app)) {
        for (Path dir : s.filter(Files::isDirectory).toList()) {
          String log = Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
          Matcher m = EXECUTOR_PID.matcher(log);
          long pid = m.find() ? Long.parseLong(m.group(1)) : -1;
          int tasks = (int) log.lines().filter(l -> l.contains("Running task ")).count();
          out.put("worker-" + w + "/" + dir.getFileName(), new Executor(pid, tasks, log));
        }
      }
    }
    return out;
  }

  /** An executor JVM: its PID, how many tasks it ran and its whole stderr log. */
  record Executor(long pid, int tasksRun, String log) {}

  /** Stops every JVM the script recorded (and the workers' executors); idempotent. */
  @Override
  public void close() throws IOException, InterruptedException {
    Script.Result r = script(state, secret, "stop", 90);
    if (r.exitCode() != 0) {
      throw new IllegalStateException("bin/cluster stop failed:\n" + r.output());
    }
  }

  static Script.Result script(Path state, String secret, String command, long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> cmd = List.of(Dtrain.root().resolve("spark-dtrain-examples/bin/cluster").toString(), command);
    Map<String, String> env = new TreeMap<>();
    env.put("DTRAIN_CLUSTER_DIR", state.toString());
    if (secret != null) {
      env.put("DTRAIN_CLUSTER_SECRET", secret);
    }
    return Script.run(cmd, env, timeoutSeconds);
  }

  /** Runs a script in its own process with a bounded wait; output and exit code. */
  static final class Script {
    private Script() {}

    record Result(int exitCode, String output) {}

    static Result run(List<String> cmd, Map<String, String> env, long timeoutSeconds)
        throws IOException, InterruptedException {
      File log = Files.createTempFile("dtrain-cluster", ".log").toFile();
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      pb.environment().remove("SPARK_HOME");
      pb.environment().remove("DTRAIN_CLUSTER_SECRET");
      pb.environment().putAll(env);
      Process p = pb.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish in " + timeoutSeconds + " s:\n"
            + Files.readString(log.toPath()));
      }
      String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
      log.delete();
      return new Result(p.exitValue(), out);
    }
  }
}
