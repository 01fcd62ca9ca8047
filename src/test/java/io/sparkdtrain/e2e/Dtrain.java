package io.sparkdtrain.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
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
    List<String> cmd = new ArrayList<>();
    cmd.add(root().resolve("spark-dtrain-examples/bin/dtrain").toString());
    cmd.addAll(List.of(args));
    File log = Files.createTempFile("dtrain-e2e", ".log").toFile();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("DTRAIN_JAVA_OPTS", "-Xmx2g");
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

  static JsonNode json(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }
}
