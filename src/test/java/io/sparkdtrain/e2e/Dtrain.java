package io.sparkdtrain.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Runs {@code spark-dtrain-examples/bin/dtrain} as a user would, in a separate process. */
final class Dtrain {
  private Dtrain() {}

  /** What a run left behind. */
  record Run(int exitCode, String output) {}

  static Path root() {
    String configured = System.getProperty("dtrain.project.root");
    Path p = configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("spark-dtrain-examples/bin/dtrain"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the project root (spark-dtrain-examples/bin/dtrain)");
    }
    return p;
  }

  static String data(String relative) {
    Path f = root().resolve("../shared/data").resolve(relative).normalize();
    if (!Files.exists(f)) {
      throw new IllegalStateException("missing shared data file " + f);
    }
    return f.toString();
  }

  /** Runs {@code dtrain args...}; fails if it takes longer than {@code timeoutSeconds}. */
  static Run run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
    return run(Map.of(), timeoutSeconds, args);
  }

  /**
   * Runs {@code dtrain args...} with extra environment variables (e.g. {@code DTRAIN_SUBMIT_ARGS});
   * fails if it takes longer than {@code timeoutSeconds}.
   */
  static Run run(Map<String, String> env, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    File log = Files.createTempFile("dtrain-e2e", ".log").toFile();
    ProcessBuilder pb = processBuilder(env, args).redirectOutput(log);
    Process p = pb.start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("dtrain " + String.join(" ", args) + " did not finish in "
          + timeoutSeconds + " s; output:\n" + Files.readString(log.toPath()));
    }
    String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
    log.delete();
    return new Run(p.exitValue(), out);
  }

  /**
   * Starts {@code dtrain args...} and reads its output until a line contains {@code marker} or the
   * process ends, at most {@code timeoutSeconds}; then ends the process (and its children). The
   * exit code of the result is the process's own if it ended by itself, else -1.
   */
  static Run runUntil(Map<String, String> env, String marker, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    Process p = processBuilder(env, args).start();
    StringBuilder out = new StringBuilder();
    CountDownLatch seen = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (out) {
            out.append(line).append('\n');
          }
          if (line.contains(marker)) {
            seen.countDown();
          }
        }
      } catch (IOException ignored) {
        // the process was ended: the output so far is what we have
      }
      seen.countDown();
    }, "dtrain-output");
    reader.setDaemon(true);
    reader.start();
    boolean inTime = seen.await(timeoutSeconds, TimeUnit.SECONDS);
    boolean exited = p.waitFor(0, TimeUnit.SECONDS);
    if (!exited) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    String text;
    synchronized (out) {
      text = out.toString();
    }
    if (!inTime) {
      throw new AssertionError("dtrain " + String.join(" ", args) + ": neither '" + marker + "' nor an exit in "
          + timeoutSeconds + " s; output:\n" + text);
    }
    return new Run(exited ? p.exitValue() : -1, text);
  }

  private static ProcessBuilder processBuilder(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(root().resolve("spark-dtrain-examples/bin/dtrain").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("DTRAIN_JAVA_OPTS", "-Xmx2g");
    pb.environment().putAll(env);
    return pb;
  }

  static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }
}
