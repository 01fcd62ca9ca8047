package io.sparkdtrain.testingbase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.holdenkarau.spark.testing.JavaRDDComparisons;
import io.sparkdtrain.data.CsrBlock;
import io.sparkdtrain.data.LibsvmInput;
import io.sparkdtrain.data.TrainingData;
import io.sparkdtrain.model.linear.LogisticLoss;
import io.sparkdtrain.testing.SharedSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * The cached CSR blocks hold exactly the rows of the LIBSVM file: every row of a9a, read through
 * Spark's reader, repartitioned and converted, compared as a multiset with the file's own lines
 * parsed independently (spark-testing-base's {@code JavaRDDComparisons}). Only built against Spark
 * 3.5: spark-testing-base has no Spark 4 build here.
 */
class LibsvmRoundTripTest {

  @Test
  void blocksHoldExactlyTheFileRows() {
    String path = SharedSpark.data("a9a/a9a");
    try (TrainingData d = LibsvmInput.read(SharedSpark.session(), path, 123, 4, new LogisticLoss())) {
      JavaRDD<String> fromBlocks = d.blocks().flatMap(b -> rows(b).iterator());
      JavaRDD<String> fromText = SharedSpark.context().textFile(path)
          .filter(l -> !l.isBlank()).map(LibsvmRoundTripTest::canonical);
      assertEquals(32561L, fromBlocks.count());
      JavaRDDComparisons.assertRDDEquals(fromText, fromBlocks);
    }
  }

  /** "label i:v ..." with 1-based indices, numbers in Java's canonical form. */
  private static List<String> rows(CsrBlock b) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < b.numRows(); i++) {
      StringBuilder sb = new StringBuilder(Double.toString(b.label(i)));
      for (int k = b.rowStart(i); k < b.rowEnd(i); k++) {
        sb.append(' ').append(b.indices()[k] + 1).append(':').append(b.values()[k]);
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static String canonical(String line) {
    String[] t = line.trim().split("\\s+");
    StringBuilder sb = new StringBuilder(Double.toString(Double.parseDouble(t[0])));
    for (int k = 1; k < t.length; k++) {
      String[] iv = t[k].split(":");
      sb.append(' ').append(Integer.parseInt(iv[0])).append(':').append(Double.parseDouble(iv[1]));
    }
    return sb.toString();
  }
}
