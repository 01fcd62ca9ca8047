package io.sparkdtrain.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.spark.LeakProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CI soak: no fit may leave alive a broadcast or a cached RDD it made (each is released
 * explicitly, not left to the driver's GC), and after a warm-up pass over the five strategies,
 * three more fits of each through the public Estimator in the shared session must leave the counts
 * that a leak grows (our threads, Hogwild! registry arrays, application broadcasts, cached RDDs)
 * exactly where the warm-up left them. The benchmark ({@code dtrain soak}) runs the same cycle for hundreds of fits and reports the
 * slopes, threads and heap included.
 */
class SessionSoakTest {

  @Test
  void threeFitsPerStrategyLeaveNothingBehind() {
    int perPass = SessionSoak.strategies().size();
    List<SessionSoak.Fit> fits = new SessionSoak(MlData.a9aSmall(), 3).run(4 * perPass,
        f -> System.out.printf("soak fit %2d %-7s %.1f s objective %.4f: %s%n", f.index(), f.strategy(),
            f.seconds(), f.objective(), f.counts()));
    for (SessionSoak.Fit f : fits) {
      assertEquals(0, f.counts().broadcastsOfFit(), "fit " + f.index() + " (" + f.strategy()
          + ") left broadcasts it made: " + f.counts());
      assertEquals(0, f.counts().cachedRddsOfFit(), "fit " + f.index() + " (" + f.strategy()
          + ") left cached RDDs it made: " + f.counts());
    }
    LeakProbe.Counts warm = fits.get(perPass - 1).counts();
    for (SessionSoak.Fit f : fits.subList(perPass, fits.size())) {
      assertArrayEquals(warm.leakCounts(), f.counts().leakCounts(), "fit " + f.index() + " (" + f.strategy()
          + ") {dtrain threads, registry arrays, broadcasts, cached RDDs}: " + f.counts() + " vs warm-up " + warm);
      assertTrue(f.objective() < Math.log(2), f.strategy() + " learned: " + f.objective());
    }
  }
}
