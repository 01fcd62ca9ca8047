package io.sparkdtrain.checkpoint;

import io.sparkdtrain.events.WorkerEvent;
import io.sparkdtrain.metrics.EvaluationMetrics;
import io.sparkdtrain.metrics.RoundRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The binary checkpoint format, version {@value #VERSION}. Big-endian ({@link DataOutputStream}):
 *
 * <pre>
 *   magic    8 bytes  "DTRNCKPT"
 *   version  int      1
 *   length   int      payload length in bytes
 *   payload  length bytes (below)
 *   crc      long     CRC-32 of the payload
 *
 *   payload: strategy (UTF); fingerprint (int n, n x (UTF key, UTF value)); round (int);
 *     bytes (long); trainingSeconds, evaluationSeconds, eventClockMs, initialObjective,
 *     lastObjective (double); lastTest (metrics); lastEvaluatedRound (int); stopReason (UTF, "" =
 *     none); model (double array); history (int n, n x (int round, double seconds, double
 *     objective, metrics, long bytes)); events (int n, n x (int worker, long step, 7 doubles
 *     startMs endMs computeMs injectedDelayMs receiveMs sendMs waitMs, int staleness, long bytesIn,
 *     long bytesOut)); strategy state (int n, n x (UTF key, byte tag, value)), tags
 *     L long, D double, S UTF, d double array, i int array.
 *   metrics: boolean present, then long count, double accuracy, logloss, auc, rmse.
 *   arrays: int length, then the elements.
 * </pre>
 *
 * <p>A file shorter than its header says, with another magic, another version or a payload whose
 * CRC does not match is rejected with an {@link IOException} saying which; the caller adds the file
 * name. Doubles are stored bit for bit, so a restored model equals the saved one exactly.
 */
public final class CheckpointCodec {
  /** The format version this class writes and reads. */
  public static final int VERSION = 1;
  private static final byte[] MAGIC = "DTRNCKPT".getBytes(StandardCharsets.US_ASCII);

  private CheckpointCodec() {}

  /** Writes {@code c} to {@code out} (not closed). */
  public static void write(Checkpoint c, OutputStream out) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 + 8 * c.model().length);
    DataOutputStream p = new DataOutputStream(buffer);
    p.writeUTF(c.strategy());
    p.writeInt(c.fingerprint().size());
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(c.fingerprint()).entrySet()) {
      p.writeUTF(e.getKey());
      p.writeUTF(e.getValue());
    }
    p.writeInt(c.round());
    p.writeLong(c.bytes());
    p.writeDouble(c.trainingSeconds());
    p.writeDouble(c.evaluationSeconds());
    p.writeDouble(c.eventClockMs());
    p.writeDouble(c.initialObjective());
    p.writeDouble(c.lastObjective());
    writeMetrics(p, c.lastTest());
    p.writeInt(c.lastEvaluatedRound());
    p.writeUTF(c.stopReason() == null ? "" : c.stopReason());
    writeDoubles(p, c.model());
    p.writeInt(c.history().size());
    for (RoundRecord r : c.history()) {
      p.writeInt(r.round());
      p.writeDouble(r.seconds());
      p.writeDouble(r.objective());
      writeMetrics(p, r.test());
      p.writeLong(r.bytesCommunicated());
    }
    p.writeInt(c.events().size());
    for (WorkerEvent e : c.events()) {
      p.writeInt(e.worker());
      p.writeLong(e.step());
      for (double v : new double[] {e.startMs(), e.endMs(), e.computeMs(), e.injectedDelayMs(), e.receiveMs(),
          e.sendMs(), e.waitMs()}) {
        p.writeDouble(v);
      }
      p.writeInt(e.staleness());
      p.writeLong(e.bytesIn());
      p.writeLong(e.bytesOut());
    }
    writeState(p, c.state());
    p.flush();
    byte[] payload = buffer.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(payload);
    DataOutputStream d = new DataOutputStream(out);
    d.write(MAGIC);
    d.writeInt(VERSION);
    d.writeInt(payload.length);
    d.write(payload);
    d.writeLong(crc.getValue());
    d.flush();
  }

  /** Reads a checkpoint written by {@link #write}. */
  public static Checkpoint read(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    byte[] magic = new byte[MAGIC.length];
    int length;
    byte[] payload;
    long crc;
    try {
      d.readFully(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a dtrain checkpoint (no DTRNCKPT header)");
      }
      int version = d.readInt();
      if (version != VERSION) {
        throw new IOException("checkpoint format version " + version + ", this build reads version " + VERSION);
      }
      length = d.readInt();
      if (length < 0) {
        throw new IOException("negative payload length " + length);
      }
      payload = new byte[length];
      d.readFully(payload);
      crc = d.readLong();
    } catch (EOFException e) {
      throw new IOException("truncated: the file ends before its header's payload and checksum", e);
    }
    CRC32 actual = new CRC32();
    actual.update(payload);
    if (actual.getValue() != crc) {
      throw new IOException("corrupt: CRC-32 of the payload is " + Long.toHexString(actual.getValue())
          + " but the file says " + Long.toHexString(crc));
    }
    return readPayload(new DataInputStream(new ByteArrayInputStream(payload)));
  }

  private static Checkpoint readPayload(DataInputStream p) throws IOException {
    String strategy = p.readUTF();
    int n = p.readInt();
    Map<String, String> fingerprint = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      fingerprint.put(p.readUTF(), p.readUTF());
    }
    int round = p.readInt();
    long bytes = p.readLong();
    double trainingSeconds = p.readDouble();
    double evaluationSeconds = p.readDouble();
    double eventClockMs = p.readDouble();
    double initialObjective = p.readDouble();
    double lastObjective = p.readDouble();
    EvaluationMetrics lastTest = readMetrics(p);
    int lastEvaluatedRound = p.readInt();
    String stop = p.readUTF();
    double[] model = readDoubles(p);
    int h = p.readInt();
    List<RoundRecord> history = new ArrayList<>(h);
    for (int i = 0; i < h; i++) {
      history.add(new RoundRecord(p.readInt(), p.readDouble(), p.readDouble(), readMetrics(p), p.readLong()));
    }
    int e = p.readInt();
    List<WorkerEvent> events = new ArrayList<>(e);
    for (int i = 0; i < e; i++) {
      events.add(new WorkerEvent(p.readInt(), p.readLong(), p.readDouble(), p.readDouble(), p.readDouble(),
          p.readDouble(), p.readDouble(), p.readDouble(), p.readDouble(), p.readInt(), p.readLong(), p.readLong()));
    }
    StrategyState state = readState(p);
    return new Checkpoint(strategy, fingerprint, round, bytes, trainingSeconds, evaluationSeconds, eventClockMs,
        initialObjective, lastObjective, lastTest, lastEvaluatedRound, stop.isEmpty() ? null : stop, model,
        history, events, state);
  }

  private static void writeMetrics(DataOutputStream p, EvaluationMetrics m) throws IOException {
    p.writeBoolean(m != null);
    if (m != null) {
      p.writeLong(m.count());
      p.writeDouble(m.accuracy());
      p.writeDouble(m.logloss());
      p.writeDouble(m.auc());
      p.writeDouble(m.rmse());
    }
  }

  private static EvaluationMetrics readMetrics(DataInputStream p) throws IOException {
    if (!p.readBoolean()) {
      return null;
    }
    return new EvaluationMetrics(p.readLong(), p.readDouble(), p.readDouble(), p.readDouble(), p.readDouble());
  }

  private static void writeDoubles(DataOutputStream p, double[] a) throws IOException {
    p.writeInt(a.length);
    for (double v : a) {
      p.writeDouble(v);
    }
  }

  private static double[] readDoubles(DataInputStream p) throws IOException {
    double[] a = new double[p.readInt()];
    for (int i = 0; i < a.length; i++) {
      a[i] = p.readDouble();
    }
    return a;
  }

  private static void writeState(DataOutputStream p, StrategyState s) throws IOException {
    p.writeInt(s.values().size());
    for (Map.Entry<String, Object> e : s.values().entrySet()) {
      p.writeUTF(e.getKey());
      Object v = e.getValue();
      if (v instanceof Long l) {
        p.writeByte('L');
        p.writeLong(l);
      } else if (v instanceof Double x) {
        p.writeByte('D');
        p.writeDouble(x);
      } else if (v instanceof String str) {
        p.writeByte('S');
        p.writeUTF(str);
      } else if (v instanceof double[] a) {
        p.writeByte('d');
        writeDoubles(p, a);
      } else {
        int[] a = (int[]) v;
        p.writeByte('i');
        p.writeInt(a.length);
        for (int x : a) {
          p.writeInt(x);
        }
      }
    }
  }

  private static StrategyState readState(DataInputStream p) throws IOException {
    StrategyState s = new StrategyState();
    int n = p.readInt();
    for (int i = 0; i < n; i++) {
      String key = p.readUTF();
      byte tag = p.readByte();
      switch (tag) {
        case 'L' -> s.put(key, p.readLong());
        case 'D' -> s.put(key, p.readDouble());
        case 'S' -> s.put(key, p.readUTF());
        case 'd' -> s.put(key, readDoubles(p));
        case 'i' -> {
          int[] a = new int[p.readInt()];
          for (int j = 0; j < a.length; j++) {
            a[j] = p.readInt();
          }
          s.put(key, a);
        }
        default -> throw new IOException("unknown value tag " + tag + " for strategy state '" + key + "'");
      }
    }
    return s;
  }
}
