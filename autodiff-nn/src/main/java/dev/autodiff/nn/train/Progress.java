package dev.autodiff.nn.train;

import dev.autodiff.core.tensor.TensorFormat;
import java.io.PrintStream;
import java.util.Map;

/**
 * The progress of one epoch. Live ({@link Verbosity#LIVE}, or {@link Verbosity#AUTO} on a terminal): a line
 * rewritten in place ({@code \r}) at most ten times a second with
 * samples done, a bar, the rate, the time left and the running loss, then a summary line like Keras's:
 * {@code epoch 3/10 - 8000/8000 - 1.2 s - 6700 samples/s - loss 0.1234 - accuracy 0.95 - val_loss 0.2}.
 */
final class Progress {
  private final PrintStream out;
  private final boolean live;
  private final int epoch;
  private final int epochs;
  private final int total;
  private final long started = System.nanoTime();
  private long lastPrint;

  Progress(PrintStream out, Verbosity verbosity, int epoch, int epochs, int total) {
    this.out = out;
    this.live = verbosity == Verbosity.LIVE
        || verbosity == Verbosity.AUTO && out == System.out && System.console() != null;
    this.epoch = epoch;
    this.epochs = epochs;
    this.total = total;
  }

  void update(int done, double loss) {
    if (!live) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastPrint < 100_000_000L && done < total) {
      return;
    }
    lastPrint = now;
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    double rate = done / seconds;
    int width = 20;
    int filled = (int) ((long) width * done / total);
    String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
    out.print(String.format(java.util.Locale.ROOT, "\repoch %d/%d %d/%d [%s] %.0f samples/s ETA %.1f s loss %s",
        epoch, epochs, done, total, bar, rate, (total - done) / rate, TensorFormat.number(loss)));
    out.flush();
  }

  void finish(Map<String, Double> row) {
    double seconds = (System.nanoTime() - started) / 1e9;
    StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT, (live ? "\r" : "") + "epoch %d/%d - %d/%d - %.2f s - %.0f samples/s",
        epoch, epochs, total, total, seconds, total / Math.max(seconds, 1e-9)));
    for (Map.Entry<String, Double> e : row.entrySet()) {
      if (!e.getKey().equals("seconds")) {
        b.append(" - ").append(e.getKey()).append(' ').append(TensorFormat.number(e.getValue()));
      }
    }
    out.println(live ? b.append("          ") : b);  // spaces clear the rest of the live line
  }
}
