package dev.autodiff.nn.spark;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.Loss;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Turns rows into samples and checks them: the features' width and the target's against the model, and that every
 * number is finite. A bad row is not thrown from inside a task (Spark would bury the message in a stage failure): it
 * travels as a {@link Read} with its error, and the driver's first pass names the first one.
 */
final class RowReader implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String features;
  private final String target;
  private final int inputWidth;
  private final int targetWidth;
  private final Loss loss;

  RowReader(String features, String target, int inputWidth, int targetWidth, Loss loss) {
    this.features = features;
    this.target = target;
    this.inputWidth = inputWidth;
    this.targetWidth = targetWidth;
    this.loss = loss;
  }

  /** A sample, or why its row is bad. */
  record Read(Sample sample, String error) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** One partition's row count and its first bad row, if any. */
  record Summary(int partition, long rows, String firstError) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  Iterator<Read> read(Integer partition, Iterator<Row> rows) {
    List<Read> out = new ArrayList<>();
    int at = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      String where = "partition " + partition + ", row " + at++;
      String error = null;
      double[] x = null;
      double[] t = null;
      try {
        x = numbers(r.getAs(features), features, inputWidth, where, false);
        t = numbers(r.getAs(target), target, targetWidth, where, true);
      } catch (IllegalArgumentException e) {
        error = e.getMessage();
      }
      out.add(error != null ? new Read(null, error) : check(new Sample(x, t), where));
    }
    return out.iterator();
  }

  Iterator<Read> check(Integer partition, Iterator<Sample> samples) {
    List<Read> out = new ArrayList<>();
    int at = 0;
    while (samples.hasNext()) {
      Sample s = samples.next();
      String where = "partition " + partition + ", row " + at++;
      out.add(s == null ? new Read(null, where + ": the sample is null") : check(s, where));
    }
    return out.iterator();
  }

  private Read check(Sample s, String where) {
    String e = width(s.features(), features, inputWidth, where, "the model takes");
    if (e == null) {
      e = width(s.target(), target, targetWidth, where, "the loss takes");
    }
    if (e == null) {
      e = finite(s.features(), features, where);
    }
    if (e == null) {
      e = finite(s.target(), target, where);
    }
    if (e == null) {
      try {
        loss.checkTargets(Tensor.row(s.target()));  // as one machine checks them: [0, 1], one-hot, signs...
      } catch (IllegalArgumentException bad) {
        e = where + ": column '" + target + "': " + bad.getMessage();
      }
    }
    return e == null ? new Read(s, null) : new Read(null, e);
  }

  private static String width(double[] v, String column, int want, String where, String who) {
    return v.length == want ? null : where + ": column '" + column + "' has " + v.length + " values, " + who + " "
        + want;
  }

  private static String finite(double[] v, String column, String where) {
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        return where + ": column '" + column + "' has " + v[i] + " at position " + i;
      }
    }
    return null;
  }

  /** A cell as numbers: an ML vector, an array of numbers, or one number (a class index when one-hot is wanted). */
  private static double[] numbers(Object cell, String column, int width, String where, boolean classes) {
    if (cell == null) {
      throw new IllegalArgumentException(where + ": column '" + column + "' is null");
    }
    if (cell.getClass().getName().startsWith("org.apache.spark.ml.linalg.")) {
      // an ML vector (spark-mllib's VectorUDT), read without making spark-mllib a dependency
      try {
        return (double[]) cell.getClass().getMethod("toArray").invoke(cell);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(where + ": column '" + column + "' holds a " + cell.getClass().getName()
            + " that has no toArray()", e);
      }
    }
    if (cell instanceof scala.collection.Seq<?> seq) {
      double[] out = new double[seq.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = number(seq.apply(i), column, where);
      }
      return out;
    }
    if (cell instanceof List<?> list) {
      double[] out = new double[list.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = number(list.get(i), column, where);
      }
      return out;
    }
    double value = number(cell, column, where);
    if (!classes || width == 1) {
      return new double[] {value};
    }
    if (value != Math.rint(value) || value < 0 || value >= width) {
      throw new IllegalArgumentException(where + ": column '" + column + "' holds " + value + ", not a class index "
          + "in [0, " + width + ") for the loss's " + width + " columns");
    }
    double[] oneHot = new double[width];
    oneHot[(int) value] = 1;
    return oneHot;
  }

  private static double number(Object o, String column, String where) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(where + ": column '" + column + "' holds "
        + (o == null ? "null" : "a " + o.getClass().getSimpleName()) + ", not numbers");
  }

  static Iterator<Summary> summarize(Integer partition, Iterator<Read> reads) {
    long rows = 0;
    String first = null;
    while (reads.hasNext()) {
      Read r = reads.next();
      if (r.error() != null && first == null) {
        first = r.error();
      }
      rows++;
    }
    return List.of(new Summary(partition, rows, first)).iterator();
  }
}
