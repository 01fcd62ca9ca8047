package io.sparkdtrain.e2e.notebook;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;

/**
 * A class-based Scala REPL ({@code scala.tools.nsc.interpreter.IMain}) set up the way Zeppelin's
 * {@code %spark} interpreter sets up its own: {@code -Yrepl-class-based} (each line a class, so
 * closures serialise only what they use), {@code -Yrepl-outdir DIR} (the compiled lines are written
 * to DIR, which Spark serves to executors through {@code spark.repl.class.outputDir}) and
 * {@code -usejavacp} (the compiler sees the JVM's class path: the surefire test class path, i.e. the
 * library, Spark and their dependencies). IMain's constructor differs between Scala 2.12
 * ({@code (Settings, PrintWriter)}) and 2.13 ({@code (Settings, ReplReporter)}), so it is built
 * reflectively and this class compiles under both Spark profiles.
 */
final class ScalaRepl implements AutoCloseable {
  /** The outcome of interpreting a piece of code ({@code scala.tools.nsc.interpreter.Results}). */
  enum Result { SUCCESS, ERROR, INCOMPLETE }

  private final StringWriter console = new StringWriter();
  private final Object imain;

  ScalaRepl(Path outputDir) throws ReflectiveOperationException {
    scala.tools.nsc.Settings settings = new scala.tools.nsc.Settings();
    settings.processArgumentString("-usejavacp -Yrepl-class-based -Yrepl-outdir " + outputDir.toAbsolutePath());
    PrintWriter out = new PrintWriter(console, true);
    Class<?> imainClass = Class.forName("scala.tools.nsc.interpreter.IMain");
    Object repl;
    try { // Scala 2.12
      repl = imainClass.getConstructor(scala.tools.nsc.Settings.class, PrintWriter.class).newInstance(settings, out);
    } catch (NoSuchMethodException e) { // Scala 2.13: IMain(Settings, ReplReporter)
      Class<?> reporterClass = Class.forName("scala.tools.nsc.interpreter.shell.ReplReporterImpl");
      Object reporter = reporterClass.getConstructor(scala.tools.nsc.Settings.class, PrintWriter.class)
          .newInstance(settings, out);
      Constructor<?> c = null;
      for (Constructor<?> k : imainClass.getConstructors()) {
        if (k.getParameterCount() == 2 && k.getParameterTypes()[0] == scala.tools.nsc.Settings.class) {
          c = k;
        }
      }
      if (c == null) {
        throw new NoSuchMethodException("IMain(Settings, ReplReporter)");
      }
      repl = c.newInstance(settings, reporter);
    }
    this.imain = repl;
  }

  /**
   * The class loader of the interpreted lines (the REPL's {@code AbstractFileClassLoader}); the
   * SparkSession is built with it as context class loader, as Zeppelin does, so results holding
   * REPL-defined classes deserialise on the driver.
   */
  ClassLoader classLoader() throws ReflectiveOperationException {
    return (ClassLoader) imain.getClass().getMethod("classLoader").invoke(imain);
  }

  /** Interprets {@code code} as one unit. */
  Result interpret(String code) throws ReflectiveOperationException {
    Object r;
    try {
      r = imain.getClass().getMethod("interpret", String.class).invoke(imain, code);
    } catch (InvocationTargetException e) {
      // The compiler itself crashed (not a compile error): report it as the paragraph's error.
      console.append("REPL crashed: ").append(String.valueOf(e.getCause())).append('\n');
      return Result.ERROR;
    }
    switch (String.valueOf(r)) {
      case "Success":
        return Result.SUCCESS;
      case "Incomplete":
        return Result.INCOMPLETE;
      default:
        return Result.ERROR;
    }
  }

  /** The value of a term defined by an interpreted line, or null. */
  Object valueOf(String term) throws ReflectiveOperationException {
    scala.Option<?> v = (scala.Option<?>) imain.getClass().getMethod("valueOfTerm", String.class).invoke(imain, term);
    return v.isDefined() ? v.get() : null;
  }

  /** Everything printed so far (compiler messages, exceptions, and what the code printed via the REPL). */
  String console() {
    return console.toString();
  }

  /** Length of the console so far: the start of the next paragraph's output. */
  int mark() {
    return console.getBuffer().length();
  }

  /** Console output since {@code mark}. */
  String since(int mark) {
    return console.getBuffer().substring(Math.min(mark, console.getBuffer().length()));
  }

  @Override
  public void close() throws ReflectiveOperationException {
    imain.getClass().getMethod("close").invoke(imain);
  }
}
