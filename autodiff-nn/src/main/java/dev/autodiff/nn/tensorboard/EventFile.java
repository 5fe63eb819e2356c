package dev.autodiff.nn.tensorboard;

import static dev.autodiff.core.Require.checkNotNull;
import static dev.autodiff.nn.tensorboard.Protos.f;

import com.google.protobuf.ByteString;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An event file read back: its scalars, histograms and graphs in the order they were written. Reading checks every
 * record's length and CRC, that every record is an {@code Event}, and that the first is {@code file_version}
 * {@code brain.Event:2}.
 */
public final class EventFile {
  /** A scalar value of a tag at a step (stored as a {@code float}, as TensorBoard keeps scalars). */
  public record Scalar(long step, String tag, double value) {}

  /** A histogram of a tag at a step. */
  public record HistogramAt(long step, String tag, Histogram histogram) {}

  private final List<Scalar> scalars;
  private final List<HistogramAt> histograms;
  private final List<GraphDef> graphs;

  private EventFile(List<Scalar> scalars, List<HistogramAt> histograms, List<GraphDef> graphs) {
    this.scalars = List.copyOf(scalars);
    this.histograms = List.copyOf(histograms);
    this.graphs = List.copyOf(graphs);
  }

  /**
   * Reads an event file.
   *
   * @throws IOException when it cannot be read or is damaged, naming the record and what is wrong
   */
  public static EventFile read(Path file) throws IOException {
    checkNotNull(file, "event file: path is null");
    return read(Files.readAllBytes(file));
  }

  /**
   * Reads an event file's bytes.
   *
   * @throws IOException naming the record and what is wrong (truncated, bad CRC, not an Event, no file version)
   */
  public static EventFile read(byte[] file) throws IOException {
    checkNotNull(file, "event file: bytes are null");
    List<Scalar> scalars = new ArrayList<>();
    List<HistogramAt> histograms = new ArrayList<>();
    List<GraphDef> graphs = new ArrayList<>();
    List<byte[]> records = TfRecord.read(file);
    for (int record = 0; record < records.size(); record++) {
      String where = "event file: record " + record + ": ";
      DynamicMessage event;
      try {
        event = DynamicMessage.parseFrom(Protos.EVENT, records.get(record));
        if (record == 0 && !"brain.Event:2".equals(event.getField(f(Protos.EVENT, "file_version")))) {
          throw new IOException(where + "not file_version brain.Event:2");
        }
        long step = (Long) event.getField(f(Protos.EVENT, "step"));
        if (event.hasField(f(Protos.EVENT, "graph_def"))) {
          graphs.add(GraphDef.parse(((ByteString) event.getField(f(Protos.EVENT, "graph_def"))).toByteArray()));
        }
        if (event.hasField(f(Protos.EVENT, "summary"))) {
          DynamicMessage summary = (DynamicMessage) event.getField(f(Protos.EVENT, "summary"));
          for (Object o : (List<?>) summary.getField(f(Protos.SUMMARY, "value"))) {
            DynamicMessage v = (DynamicMessage) o;
            String tag = (String) v.getField(f(Protos.VALUE, "tag"));
            if (v.hasField(f(Protos.VALUE, "histo"))) {
              histograms.add(new HistogramAt(step, tag, histogram((DynamicMessage) v.getField(
                  f(Protos.VALUE, "histo")))));
            } else {
              scalars.add(new Scalar(step, tag, (Float) v.getField(f(Protos.VALUE, "simple_value"))));
            }
          }
        }
      } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
        throw new IOException(where + "not an Event: " + e.getMessage(), e);
      }
    }
    if (records.isEmpty()) {
      throw new IOException("event file: empty, not even the file_version record");
    }
    return new EventFile(scalars, histograms, graphs);
  }

  private static Histogram histogram(DynamicMessage h) {
    return Histogram.decoded((Double) h.getField(f(Protos.HISTOGRAM, "min")),
        (Double) h.getField(f(Protos.HISTOGRAM, "max")), (Double) h.getField(f(Protos.HISTOGRAM, "num")),
        (Double) h.getField(f(Protos.HISTOGRAM, "sum")), (Double) h.getField(f(Protos.HISTOGRAM, "sum_squares")),
        doubles(h, "bucket_limit"), doubles(h, "bucket"));
  }

  private static double[] doubles(DynamicMessage h, String field) {
    List<?> list = (List<?>) h.getField(f(Protos.HISTOGRAM, field));
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Double) list.get(i);
    }
    return out;
  }

  /** The scalars, in the order written. */
  public List<Scalar> scalars() {
    return scalars;
  }

  /** The histograms, in the order written. */
  public List<HistogramAt> histograms() {
    return histograms;
  }

  /** The graphs, in the order written. */
  public List<GraphDef> graphs() {
    return graphs;
  }

  @Override
  public String toString() {
    return "event file: " + scalars.size() + " scalars, " + histograms.size() + " histograms, " + graphs.size()
        + " graphs";
  }
}
