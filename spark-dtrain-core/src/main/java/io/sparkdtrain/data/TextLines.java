package io.sparkdtrain.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The driver-side reader of text data files that the LIBSVM check and the ratings reader share: each
 * file through Hadoop's {@link FileSystem} (any scheme), decompressed by the codec its name implies
 * ({@code .gz}, {@code .bz2}, ...), read as UTF-8 lines; blank lines and {@code #} comments are
 * skipped, the others handed over trimmed, with their 1-based line number for error messages.
 */
final class TextLines {
  private TextLines() {}

  /** Receives one data line. */
  @FunctionalInterface
  interface Visitor {
    /**
     * @param file the file the line is in
     * @param lineNo the line's number in the file, from 1 (skipped lines counted)
     * @param line the line, trimmed
     * @return true to go on, false to stop reading
     */
    boolean line(Path file, int lineNo, String line);
  }

  /**
   * Hands every data line of {@code files}, in order, to {@code visitor} until it returns false.
   *
   * @return false when the visitor stopped the reading, true when every line was read
   */
  static boolean read(Configuration conf, FileSystem fs, List<Path> files, Visitor visitor) throws IOException {
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    for (Path f : files) {
      CompressionCodec codec = codecs.getCodec(f);
      try (InputStream raw = fs.open(f);
           InputStream in = codec == null ? raw : codec.createInputStream(raw);
           BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        int lineNo = 0;
        while ((line = r.readLine()) != null) {
          lineNo++;
          String trimmed = line.trim();
          if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            continue;
          }
          if (!visitor.line(f, lineNo, trimmed)) {
            return false;
          }
        }
      }
    }
    return true;
  }
}
