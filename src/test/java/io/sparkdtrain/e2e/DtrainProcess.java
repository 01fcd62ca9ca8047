package io.sparkdtrain.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A running {@code bin/dtrain} whose output is read line by line as it comes, so a test can act on
 * an event ("round 8/40" printed) instead of sleeping, and can find and kill the executor JVMs the
 * run started (its process descendants running {@code CoarseGrainedExecutorBackend}).
 */
final class DtrainProcess implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  private boolean eof;

  private DtrainProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "dtrain-output-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code dtrain args...} with the environment {@link Dtrain#run} uses. */
  static DtrainProcess start(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Dtrain.root().resolve("spark-dtrain-examples/bin/dtrain").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("DTRAIN_JAVA_OPTS", "-Xmx2g");
    return new DtrainProcess(pb.start());
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // the process went away; eof below
    } finally {
      synchronized (this) {
        eof = true;
        notifyAll();
      }
    }
  }

  /**
   * Waits until a line matching {@code event} was printed; throws with the output so far if the
   * output ends or {@code timeoutSeconds} pass first.
   */
  synchronized String awaitLine(Predicate<String> event, String what, long timeoutSeconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    int checked = 0;
    while (true) {
      for (; checked < lines.size(); checked++) {
        if (event.test(lines.get(checked))) {
          return lines.get(checked);
        }
      }
      long left = deadline - System.nanoTime();
      if (eof || left <= 0) {
        throw new AssertionError("dtrain never printed " + what + (eof ? " before its output ended" : " in "
            + timeoutSeconds + " s") + "; output:\n" + output());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** The executor JVMs this run started (descendants whose command line names the executor backend). */
  List<ProcessHandle> executors() {
    return process.descendants().filter(h -> commandLine(h).contains("CoarseGrainedExecutorBackend")).toList();
  }

  /**
   * The process's command line: {@code /proc/PID/cmdline} where there is one (ProcessHandle.Info
   * gives nothing for the executors' command lines, whose class path runs to many kilobytes), else
   * what ProcessHandle.Info has.
   */
  private static String commandLine(ProcessHandle h) {
    java.nio.file.Path proc = java.nio.file.Path.of("/proc", Long.toString(h.pid()), "cmdline");
    try {
      if (java.nio.file.Files.isReadable(proc)) {
        return new String(java.nio.file.Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
      }
    } catch (IOException e) {
      // the process ended meanwhile
      return "";
    }
    return h.info().commandLine().orElse("");
  }

  /** Kills one executor JVM with SIGKILL (kill -9) and waits until it is gone; returns its pid. */
  long killOneExecutor() throws InterruptedException {
    Optional<ProcessHandle> victim = executors().stream().findFirst();
    if (victim.isEmpty()) {
      throw new AssertionError("no executor JVM (CoarseGrainedExecutorBackend) among the descendants of dtrain "
          + process.pid() + "; output:\n" + output());
    }
    ProcessHandle h = victim.get();
    h.destroyForcibly();
    try {
      h.onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("executor " + h.pid() + " did not exit after SIGKILL", e);
    }
    return h.pid();
  }

  /** Waits for the run to end; returns its exit code, or fails with the output after the timeout. */
  int await(long timeoutSeconds) throws InterruptedException {
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      close();
      throw new AssertionError("dtrain did not finish in " + timeoutSeconds + " s; output:\n" + output());
    }
    reader.join(TimeUnit.SECONDS.toMillis(30));
    return process.exitValue();
  }

  synchronized String output() {
    return String.join("\n", lines);
  }

  /** Kills the run and its descendants if still running. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
