package io.sparkdtrain.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.straggler.StragglerModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --straggler} and {@code --straggler-delay} as the commands parse and check them. */
class StragglerOptionsTest {

  private static StragglerOptions parse(String... args) {
    StragglerOptions options = new StragglerOptions();
    new CommandLine(options).parseArgs(args);
    options.validate();
    return options;
  }

  @Test
  void factorsAndPausesMakeOneSeededScenario() {
    StragglerOptions o = parse("--straggler", "2:4", "--straggler", "0:+150ms", "--straggler-delay", "exp:5");
    StragglerModel m = o.model(7);
    assertEquals(4.0, m.factor(2));
    assertEquals(150.0, m.pauseMs(0));
    assertEquals(5.0, m.meanDelayMs());
    assertEquals(7L, m.seed());
    assertEquals("2:4, 0:+150ms; extra delay exp:5", o.describe());
    assertTrue(parse().model(1).isNone(), "no option, no injection");
  }

  @Test
  void badValuesAndMissingWorkersNameTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--straggler", "0:+x"));
    assertTrue(e.getMessage().startsWith("Invalid value '0:+x' for option --straggler: Cannot parse straggler"),
        e.getMessage());
    StragglerOptions o = parse("--straggler", "5:+10ms");
    e = assertThrows(IllegalArgumentException.class, () -> o.checkWorkers(4));
    assertEquals("Invalid value '5:+10ms' for option --straggler: worker 5 does not exist: there are 4 workers "
        + "(partitions 0..3)", e.getMessage());
    parse("--straggler", "3:+10ms").checkWorkers(4);
    assertEquals(List.of(3), List.copyOf(parse("--straggler", "3:+10ms").model(0).slowedWorkers()));
  }
}
