package dev.autodiff.nn.tensorboard;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static dev.autodiff.core.Require.checkNotNull;
import static dev.autodiff.nn.tensorboard.Protos.f;

import com.google.protobuf.DynamicMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes a TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>.<pid>.<n>} in a folder): scalars,
 * histograms and graphs, each an {@code Event} message in TFRecord framing, appended and flushed as it comes, so
 * TensorBoard can follow a run live; a crash can leave at most a partial last record, which readers
 * ({@link EventFile#read} and TensorBoard's) detect by its length and CRC. Point {@code tensorboard --logdir DIR} at
 * the folder. Writes from several threads are serialized.
 */
public final class EventWriter implements AutoCloseable {
  private final Path file;
  private final OutputStream out;
  private boolean closed;

  private EventWriter(Path file, OutputStream out) {
    this.file = file;
    this.out = out;
  }

  /**
   * Creates a new event file in {@code dir} (created if missing) and writes its first event ({@code file_version}
   * {@code brain.Event:2}).
   *
   * @throws IOException when the folder or the file cannot be created
   */
  public static EventWriter create(Path dir) throws IOException {
    checkNotNull(dir, "event writer: folder is null");
    Files.createDirectories(dir);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    // as TensorFlow names them: seconds, host, process id, then a counter, so writers started in the same second on
    // one folder (from this process or another) each get a file of their own
    String base = "events.out.tfevents." + System.currentTimeMillis() / 1000 + "."
        + host.replaceAll("[^A-Za-z0-9._-]", "_") + "." + ProcessHandle.current().pid() + ".";
    for (int k = 0; ; k++) {
      Path chosen = dir.resolve(base + k);
      try {
        OutputStream opened = Files.newOutputStream(chosen, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        EventWriter w = new EventWriter(chosen, opened);
        w.write(event(0).setField(f(Protos.EVENT, "file_version"), "brain.Event:2"));
        return w;
      } catch (FileAlreadyExistsException taken) {
        if (k == 10_000) {
          throw taken;
        }
      }
    }
  }

  /** The file being written. */
  public Path file() {
    return file;
  }

  /** Writes scalars at {@code step}, one value per tag in the map's order (TensorBoard's Scalars tab). */
  public void scalars(long step, Map<String, Double> values) {
    checkNotNull(values, "event writer: scalars: values are null");
    DynamicMessage.Builder summary = DynamicMessage.newBuilder(Protos.SUMMARY);
    for (Map.Entry<String, Double> e : values.entrySet()) {
      checkTag("scalars", e.getKey());
      checkNotNull(e.getValue(), "event writer: scalars: the value of %s is null", e.getKey());
      summary.addRepeatedField(f(Protos.SUMMARY, "value"), DynamicMessage.newBuilder(Protos.VALUE)
          .setField(f(Protos.VALUE, "tag"), e.getKey())
          .setField(f(Protos.VALUE, "simple_value"), e.getValue().floatValue()).build());
    }
    write(event(step).setField(f(Protos.EVENT, "summary"), summary.build()));
  }

  /** Writes one scalar at {@code step}. */
  public void scalar(long step, String tag, double value) {
    checkTag("scalar", tag);
    scalars(step, Map.of(tag, value));
  }

  /** Writes histograms at {@code step}, one per tag in the map's order (TensorBoard's Histograms tab). */
  public void histograms(long step, Map<String, Histogram> histograms) {
    checkNotNull(histograms, "event writer: histograms are null");
    DynamicMessage.Builder summary = DynamicMessage.newBuilder(Protos.SUMMARY);
    for (Map.Entry<String, Histogram> e : histograms.entrySet()) {
      checkTag("histograms", e.getKey());
      Histogram h = checkNotNull(e.getValue(), "event writer: histograms: the histogram of %s is null", e.getKey());
      DynamicMessage.Builder histo = DynamicMessage.newBuilder(Protos.HISTOGRAM)
          .setField(f(Protos.HISTOGRAM, "min"), h.min()).setField(f(Protos.HISTOGRAM, "max"), h.max())
          .setField(f(Protos.HISTOGRAM, "num"), h.count()).setField(f(Protos.HISTOGRAM, "sum"), h.sum())
          .setField(f(Protos.HISTOGRAM, "sum_squares"), h.sumOfSquares());
      for (double limit : h.bucketLimits()) {
        histo.addRepeatedField(f(Protos.HISTOGRAM, "bucket_limit"), limit);
      }
      for (double count : h.bucketCounts()) {
        histo.addRepeatedField(f(Protos.HISTOGRAM, "bucket"), count);
      }
      summary.addRepeatedField(f(Protos.SUMMARY, "value"), DynamicMessage.newBuilder(Protos.VALUE)
          .setField(f(Protos.VALUE, "tag"), e.getKey()).setField(f(Protos.VALUE, "histo"), histo.build()).build());
    }
    write(event(step).setField(f(Protos.EVENT, "summary"), summary.build()));
  }

  /** Writes a graph (TensorBoard's Graphs tab shows the last one written), at step 0. */
  public void graph(GraphDef graph) {
    checkNotNull(graph, "event writer: graph is null");
    write(event(0).setField(f(Protos.EVENT, "graph_def"), graph.bytes()));
  }

  private static void checkTag(String what, String tag) {
    checkArgument(tag != null && !tag.isEmpty(), "event writer: %s: a tag is null or empty", what);
  }

  private static DynamicMessage.Builder event(long step) {
    return DynamicMessage.newBuilder(Protos.EVENT)
        .setField(f(Protos.EVENT, "wall_time"), System.currentTimeMillis() / 1000.0)
        .setField(f(Protos.EVENT, "step"), step);
  }

  private synchronized void write(DynamicMessage.Builder event) {
    checkState(!closed, "event writer: %s is closed", file);
    try {
      out.write(TfRecord.frame(event.build().toByteArray()));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("tensorboard: cannot write " + file, e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  @Override
  public String toString() {
    return "event writer " + file;
  }
}
