package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's {@code --help} renders without picocli format warnings: option descriptions are
 * format strings, so a bare percent sign ("99% of") is read as a format specifier, picocli prints
 * "[picocli WARN] Could not format ..." three times and shows the raw text.
 */
class HelpTextTest {

  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    CommandLine root = new CommandLine(new DtrainMain());
    Map<String, CommandLine> commands = root.getSubcommands();
    assertTrue(commands.containsKey("compare"), commands.keySet().toString());
    PrintStream err = System.err;
    for (Map.Entry<String, CommandLine> e : commands.entrySet()) {
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      String usage;
      try {
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        usage = e.getValue().getUsageMessage();
      } finally {
        System.setErr(err);
      }
      String warnings = captured.toString(StandardCharsets.UTF_8);
      assertFalse(warnings.contains("picocli WARN"), "dtrain " + e.getKey() + " --help: " + warnings);
      assertFalse(usage.contains("%n"), "dtrain " + e.getKey() + " --help shows a raw format string");
    }
  }

  /**
   * {@code --master} is one mixin ({@link MasterOption}) in train, compare and bench, each with its
   * own default; the help and the parsed value show that command's default.
   */
  @Test
  void eachCommandKeepsItsOwnMasterDefault() {
    Map<String, String> defaults = Map.of("train", "local[*]", "compare", "local[*]", "bench", "local[2]");
    for (Map.Entry<String, String> e : defaults.entrySet()) {
      CommandLine command = new CommandLine(new DtrainMain()).getSubcommands().get(e.getKey());
      assertTrue(command.getUsageMessage().contains("Spark master (default " + e.getValue() + ")"),
          "dtrain " + e.getKey() + " --help: " + command.getUsageMessage());
      assertEquals(e.getValue(), command.getCommandSpec().findOption("--master").getValue(), e.getKey());
    }
  }
}
