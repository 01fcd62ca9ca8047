package io.sparkdtrain.straggler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** The straggler model: factors, seeded delays, parsing, the "none" scenario. */
class StragglerModelTest {

  @Test
  void factorMultipliesComputeTime() {
    StragglerModel m = StragglerModel.builder().slow(2, 4).build();
    assertEquals(4.0, m.factor(2));
    assertEquals(1.0, m.factor(0));
    assertEquals(3_000_000L, m.delayNanos(2, 7, 1_000_000L), "worker 2 sleeps (4 - 1) x its compute");
    assertEquals(0L, m.delayNanos(1, 7, 1_000_000L));
  }

  /** A pause is added per step whatever the compute took, on top of a factor's sleep. */
  @Test
  void pauseIsAFixedDelayPerStepIndependentOfCompute() {
    StragglerModel m = StragglerModel.builder().slow("1:+150ms").slow(2, 3).pause(2, 10).build();
    assertEquals(150_000_000L, m.delayNanos(1, 0, 0L));
    assertEquals(150_000_000L, m.delayNanos(1, 9, 5_000_000L), "the same pause for any compute time");
    assertEquals(2 * 1_000_000L + 10_000_000L, m.delayNanos(2, 3, 1_000_000L), "(3 - 1) x 1 ms + 10 ms");
    assertEquals(0L, m.delayNanos(0, 3, 1_000_000L));
    assertEquals(java.util.List.of(1, 2), java.util.List.copyOf(m.slowedWorkers()));
    assertEquals("StragglerModel(factors={2=3.0}, pausesMs={1=150.0, 2=10.0}, meanDelayMs=0.0, seed=42)",
        m.toString());
    assertTrue(StragglerModel.builder().pause(3, 0).build().isNone(), "a pause of 0 injects nothing");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StragglerModel.builder().pause(1, Double.NaN));
    assertEquals("Cannot set the pause of worker 1 to NaN ms, the value must be finite and >= 0", e.getMessage());
  }

  @Test
  void factorOneIsNone() {
    StragglerModel m = StragglerModel.builder().slow(2, 1).build();
    assertTrue(m.isNone(), m.toString());
    assertEquals(0L, m.inject(2, 1, 5_000_000L));
    assertTrue(StragglerModel.NONE.isNone());
  }

  @Test
  void injectSleepsAboutTheDelay() {
    StragglerModel m = StragglerModel.builder().slow(0, 3).build();
    long slept = m.inject(0, 1, 10_000_000L); // asks for 20 ms
    assertTrue(slept >= 20_000_000L && slept < 200_000_000L, "slept " + slept + " ns");
  }

  @Test
  void exponentialDelaysAreSeededPerWorkerAndStepWithTheRightMean() {
    StragglerModel a = StragglerModel.builder().exponentialDelay(10).seed(7).build();
    StragglerModel b = StragglerModel.builder().exponentialDelay(10).seed(7).build();
    StragglerModel c = StragglerModel.builder().exponentialDelay(10).seed(8).build();
    assertEquals(a.extraDelayNanos(1, 5), b.extraDelayNanos(1, 5));
    assertTrue(a.extraDelayNanos(1, 5) != c.extraDelayNanos(1, 5));
    assertTrue(a.extraDelayNanos(1, 5) != a.extraDelayNanos(2, 5));
    double sum = 0;
    int n = 20_000;
    for (int step = 0; step < n; step++) {
      sum += a.extraDelayNanos(step % 4, step) / 1e6;
    }
    // mean of n exponentials: standard error 10 / sqrt(n) = 0.07 ms; allow 5 of them
    assertEquals(10.0, sum / n, 0.35);
  }

  @Test
  void parsesSpecsAndRejectsBadOnesNamingThem() {
    StragglerModel m = StragglerModel.builder().slow("2:4").slow(" 0:1.5 ").delay("exp:20").seed(3).build();
    assertEquals(4.0, m.factor(2));
    assertEquals(1.5, m.factor(0));
    assertEquals(20.0, m.meanDelayMs());
    assertEquals("StragglerModel(factors={0=1.5, 2=4.0}, meanDelayMs=20.0, seed=3)", m.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StragglerModel.builder().slow("2x4"));
    assertEquals("Cannot parse straggler '2x4', expected WORKER:FACTOR (for example 2:4: worker 2 is 4x slower) or "
        + "WORKER:+MSms (for example 2:+150ms: worker 2 sleeps 150 ms more per step)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StragglerModel.builder().slow("2:+150"));
    assertThrows(IllegalArgumentException.class, () -> StragglerModel.builder().slow("2:+-5ms"));
    e = assertThrows(IllegalArgumentException.class, () -> StragglerModel.builder().slow(1, 0.5));
    assertEquals("Cannot set the slowdown factor of worker 1 to 0.5, the value must be finite and >= 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StragglerModel.builder().delay("gauss:3"));
    assertTrue(e.getMessage().contains("'gauss:3'"), e.getMessage());
  }

  @Test
  void serializesWithItsSettings() throws Exception {
    StragglerModel m = StragglerModel.builder().slow(2, 4).exponentialDelay(5).seed(9).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(m);
    }
    StragglerModel back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (StragglerModel) in.readObject();
    }
    assertEquals(m.toString(), back.toString());
    assertEquals(m.extraDelayNanos(3, 11), back.extraDelayNanos(3, 11));
  }
}
