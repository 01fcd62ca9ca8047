package io.sparkdtrain.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkdtrain.model.linear.SoftmaxLoss;
import io.sparkdtrain.testing.SharedSpark;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IdxInput} on small IDX files written here (plain and gzipped), its error messages (file
 * and problem), and on the real Fashion-MNIST files when the Debian package
 * {@code dataset-fashion-mnist} is installed.
 */
class IdxInputTest {
  static final String FASHION = "/usr/share/datasets/fashion-mnist";

  @TempDir
  Path dir;

  /** 5 images of 2 x 3 pixels: image i has pixel j = (i * 6 + j) * 10 mod 256, pixel 0 zero. */
  static byte[] pixels() {
    byte[] p = new byte[5 * 6];
    for (int i = 0; i < 5; i++) {
      for (int j = 1; j < 6; j++) {
        p[i * 6 + j] = (byte) (((i * 6 + j) * 10) % 256);
      }
    }
    return p;
  }

  static final byte[] LABELS = {3, 0, 9, 1, 3};

  static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    for (int dim : dims) {
      out.writeInt(dim);
    }
    out.write(data);
    out.flush();
    return bytes.toByteArray();
  }

  static void write(Path file, byte[] content, boolean gzip) throws IOException {
    try (OutputStream out = gzip ? new GZIPOutputStream(new FileOutputStream(file + ".gz"))
        : new FileOutputStream(file.toFile())) {
      out.write(content);
    }
  }

  String files(String name, boolean gzip, int imagesMagic, int labelCount, int pixelBytes) throws IOException {
    byte[] p = pixels();
    write(dir.resolve(name + "-images-idx3-ubyte"),
        idx(imagesMagic, new int[] {5, 2, 3}, java.util.Arrays.copyOf(p, pixelBytes)), gzip);
    write(dir.resolve(name + "-labels-idx1-ubyte"),
        idx(IdxInput.LABELS_MAGIC, new int[] {labelCount}, java.util.Arrays.copyOf(LABELS, labelCount)), gzip);
    return dir.resolve(name).toString();
  }

  @Test
  void readsPlainAndGzippedFiles() throws IOException {
    for (boolean gzip : new boolean[] {false, true}) {
      IdxInput.IdxData d = IdxInput.load(files("small" + gzip, gzip, IdxInput.IMAGES_MAGIC, 5, 30));
      assertEquals(5, d.count());
      assertEquals(6, d.numFeatures());
      assertArrayEquals(pixels(), d.pixels());
      assertEquals(9, d.label(2));
    }
  }

  @Test
  void buildsScaledSparseTrainingData() throws IOException {
    String prefix = files("train", true, IdxInput.IMAGES_MAGIC, 5, 30);
    try (TrainingData data = IdxInput.read(SharedSpark.context(), prefix, 2, new SoftmaxLoss(10))) {
      assertEquals(5, data.numRows());
      assertEquals(6, data.numFeatures());
      assertEquals(2, data.numPartitions());
      assertEquals(25, data.stats().nnz(), "pixel 0 of every image is 0 and not stored");
      List<CsrBlock> blocks = data.blocks().collect();
      CsrBlock first = blocks.get(0);
      assertEquals(3.0, first.label(0));
      assertEquals(1, first.indices()[0]);
      assertEquals(10 / 255.0, first.values()[0], 1e-15);
      assertEquals(9.0, blocks.get(1).label(0));
      assertEquals(((2 * 6 + 5) * 10 % 256) / 255.0, blocks.get(1).values()[4], 1e-15);
    }
  }

  @Test
  void reportsTheFileAndTheProblem() throws IOException {
    String bad = files("magic", false, IdxInput.LABELS_MAGIC, 5, 30);
    String m = assertThrows(DataValidationException.class, () -> IdxInput.load(bad)).getMessage();
    assertTrue(m.contains("magic-images-idx3-ubyte") && m.contains("bad magic number 0x00000801, expected 0x00000803"), m);

    String mismatch = files("mismatch", true, IdxInput.IMAGES_MAGIC, 4, 30);
    m = assertThrows(DataValidationException.class, () -> IdxInput.load(mismatch)).getMessage();
    assertTrue(m.startsWith("size mismatch") && m.contains("5 images") && m.contains("4 labels"), m);

    String truncated = files("short", false, IdxInput.IMAGES_MAGIC, 5, 20);
    m = assertThrows(DataValidationException.class, () -> IdxInput.load(truncated)).getMessage();
    assertTrue(m.contains("short-images-idx3-ubyte") && m.contains("truncated") && m.contains("after 20 bytes"), m);

    m = assertThrows(DataValidationException.class, () -> IdxInput.load(dir.resolve("none").toString())).getMessage();
    assertTrue(m.contains("IDX file not found") && m.contains("none-images-idx3-ubyte.gz"), m);

    Files.writeString(dir.resolve("text-images-idx3-ubyte.gz"), "not gzip");
    File labels = dir.resolve("text-labels-idx1-ubyte").toFile();
    write(labels.toPath(), idx(IdxInput.LABELS_MAGIC, new int[] {5}, LABELS), false);
    m = assertThrows(DataValidationException.class, () -> IdxInput.load(dir.resolve("text").toString())).getMessage();
    assertTrue(m.contains("not a gzip file"), m);
  }

  @Test
  void readsFashionMnistWhenInstalled() {
    Assumptions.assumeTrue(new File(FASHION).isDirectory(), FASHION + " is absent: install the Debian package"
        + " dataset-fashion-mnist (spark-dtrain-examples/bin/bench-fedavg.sh does) to run this test");
    IdxInput.IdxData train = IdxInput.load(FASHION + "/train");
    assertEquals(60000, train.count());
    assertEquals(28, train.rows());
    assertEquals(28, train.columns());
    int[] perLabel = new int[10];
    for (int i = 0; i < train.count(); i++) {
      perLabel[train.label(i)]++;
    }
    for (int c : perLabel) {
      assertEquals(6000, c, "Fashion-MNIST has 6,000 training images per class");
    }
    assertEquals(10000, IdxInput.load(FASHION + "/t10k").count());
  }
}
