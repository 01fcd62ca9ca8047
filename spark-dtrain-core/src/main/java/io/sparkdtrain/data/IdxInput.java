package io.sparkdtrain.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Reads MNIST-style IDX files (LeCun, Cortes and Burges; the format of MNIST and Fashion-MNIST):
 * {@code PREFIX-images-idx3-ubyte} (magic 0x00000803: count, rows, columns, then one unsigned byte
 * per pixel, row-major) and {@code PREFIX-labels-idx1-ubyte} (magic 0x00000801: count, then one
 * unsigned byte per label), each plain or gzipped ({@code .gz}, tried when the plain file is
 * absent). Pixels become features scaled to [0, 1] ({@code value / 255}, zeros not stored); labels
 * are the class numbers 0..255.
 *
 * <p>The files are read on the driver (one byte per pixel, 47 MB for Fashion-MNIST's 60,000
 * training images) and broadcast as bytes, one broadcast per partition; the executors build the
 * cached CSR blocks (a recomputed partition reads its broadcast again). Problems are
 * reported with the file and what is wrong: a missing file, a bad magic number, a truncated file,
 * or image and label counts that differ.
 */
public final class IdxInput {
  /** Magic number of an unsigned-byte IDX file with three dimensions (images). */
  public static final int IMAGES_MAGIC = 0x00000803;
  /** Magic number of an unsigned-byte IDX file with one dimension (labels). */
  public static final int LABELS_MAGIC = 0x00000801;

  private IdxInput() {}

  /** Images and labels as read from one pair of IDX files. */
  public record IdxData(int count, int rows, int columns, byte[] pixels, byte[] labels) {
    /** Pixels per image: the number of features. */
    public int numFeatures() {
      return rows * columns;
    }

    /** Label of image {@code i} (0..255). */
    public int label(int i) {
      return labels[i] & 0xFF;
    }
  }

  /** One partition's share of the images, shipped to an executor. */
  record Slice(int numFeatures, byte[] pixels, byte[] labels) implements Serializable {}

  /**
   * Reads {@code PREFIX-images-idx3-ubyte[.gz]} and {@code PREFIX-labels-idx1-ubyte[.gz]} into a
   * validated, cached {@link TrainingData}.
   *
   * @param partitions partitions (workers); {@code <= 0} = Spark's default parallelism
   * @param loss labels are checked against it; {@code null} skips the check
   */
  public static TrainingData read(JavaSparkContext sc, String prefix, int partitions, LabelDomain loss) {
    IdxData data = load(prefix);
    int p = Math.max(1, Math.min(partitions > 0 ? partitions : sc.defaultParallelism(), data.count()));
    int d = data.numFeatures();
    // One broadcast per slice, not parallelize(slices): a parallelized collection travels inside
    // every task of every job that reads these blocks (47 MB per pass over Fashion-MNIST), while a
    // broadcast is fetched once per executor and the tasks only carry the slice number.
    List<Broadcast<Slice>> slices = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      int from = (int) ((long) data.count() * i / p);
      int to = (int) ((long) data.count() * (i + 1) / p);
      slices.add(sc.broadcast(new Slice(d, Arrays.copyOfRange(data.pixels(), from * d, to * d),
          Arrays.copyOfRange(data.labels(), from, to))));
      ids.add(i);
    }
    JavaRDD<CsrBlock> blocks = sc.parallelize(ids, p)
        .mapPartitions(it -> Collections.singletonList(toBlock(slices.get(it.next()).value())).iterator(), true);
    return TrainingData.fromBlocks(blocks, d, loss, DataSource.file("idx:" + prefix));
  }

  /** Builds the CSR block of a slice: pixels / 255, zeros left out. */
  static CsrBlock toBlock(Slice s) {
    CsrBlockBuilder b = new CsrBlockBuilder(s.numFeatures(), false);
    int d = s.numFeatures();
    int[] idx = new int[d];
    double[] val = new double[d];
    for (int r = 0; r < s.labels().length; r++) {
      int nnz = 0;
      for (int j = 0; j < d; j++) {
        int v = s.pixels()[r * d + j] & 0xFF;
        if (v != 0) {
          idx[nnz] = j;
          val[nnz++] = v / 255.0;
        }
      }
      b.addRow(s.labels()[r] & 0xFF, 1.0, Arrays.copyOf(idx, nnz), Arrays.copyOf(val, nnz));
    }
    return b.build();
  }

  /**
   * Reads both files of {@code prefix} on the calling thread.
   *
   * @throws DataValidationException naming the file and the problem
   */
  public static IdxData load(String prefix) {
    File imagesFile = resolve(prefix + "-images-idx3-ubyte");
    File labelsFile = resolve(prefix + "-labels-idx1-ubyte");
    int count;
    int rows;
    int columns;
    byte[] pixels;
    byte[] labels;
    try (DataInputStream in = open(imagesFile)) {
      checkMagic(imagesFile, in.readInt(), IMAGES_MAGIC, "unsigned-byte images, 3 dimensions");
      count = dimension(imagesFile, in.readInt(), "image count");
      rows = dimension(imagesFile, in.readInt(), "rows");
      columns = dimension(imagesFile, in.readInt(), "columns");
      long size = (long) count * rows * columns;
      if (size > Integer.MAX_VALUE - 8) {
        throw new DataValidationException(imagesFile + ": " + count + " x " + rows + " x " + columns
            + " pixels is too large to read into one array");
      }
      pixels = readFully(imagesFile, in, (int) size, count + " images of " + rows + " x " + columns + " pixels");
    } catch (EOFException e) {
      throw new DataValidationException(imagesFile + ": truncated: the file ends inside its header", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + imagesFile + ": " + e.getMessage(), e);
    }
    try (DataInputStream in = open(labelsFile)) {
      checkMagic(labelsFile, in.readInt(), LABELS_MAGIC, "unsigned-byte labels, 1 dimension");
      int labelCount = dimension(labelsFile, in.readInt(), "label count");
      if (labelCount != count) {
        throw new DataValidationException("size mismatch: " + imagesFile + " has " + count + " images but "
            + labelsFile + " has " + labelCount + " labels");
      }
      labels = readFully(labelsFile, in, labelCount, labelCount + " labels");
    } catch (EOFException e) {
      throw new DataValidationException(labelsFile + ": truncated: the file ends inside its header", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + labelsFile + ": " + e.getMessage(), e);
    }
    return new IdxData(count, rows, columns, pixels, labels);
  }

  /** The plain file if it exists, else the {@code .gz} one. */
  private static File resolve(String path) {
    File plain = new File(path);
    if (plain.isFile()) {
      return plain;
    }
    File gz = new File(path + ".gz");
    if (gz.isFile()) {
      return gz;
    }
    throw new DataValidationException("IDX file not found: neither " + plain + " nor " + gz + " exists");
  }

  private static DataInputStream open(File f) throws IOException {
    InputStream in = new BufferedInputStream(new FileInputStream(f), 1 << 16);
    if (f.getName().endsWith(".gz")) {
      try {
        in = new GZIPInputStream(in, 1 << 16);
      } catch (IOException e) {
        in.close();
        throw new DataValidationException(f + ": not a gzip file (" + e.getMessage() + ")", e);
      }
    }
    return new DataInputStream(in);
  }

  private static void checkMagic(File f, int magic, int expected, String what) {
    if (magic != expected) {
      throw new DataValidationException(String.format("%s: bad magic number 0x%08X, expected 0x%08X (%s)",
          f, magic, expected, what));
    }
  }

  private static int dimension(File f, int value, String what) {
    if (value < 0) {
      throw new DataValidationException(f + ": the header's " + what + " is " + value + ", it must be >= 0");
    }
    return value;
  }

  private static byte[] readFully(File f, DataInputStream in, int size, String what) throws IOException {
    byte[] out = new byte[size];
    int read = 0;
    while (read < size) {
      int r = in.read(out, read, size - read);
      if (r < 0) {
        throw new DataValidationException(f + ": truncated: the header promises " + what + " (" + size
            + " bytes) but the data ends after " + read + " bytes");
      }
      read += r;
    }
    if (in.read() >= 0) {
      throw new DataValidationException(f + ": size mismatch: more data than the header's " + what
          + " (" + size + " bytes)");
    }
    return out;
  }
}
