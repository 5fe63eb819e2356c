package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.Tensor;

/**
 * Feature standardization {@code (x - mean) / std} per column, fitted on the training inputs only and then applied
 * unchanged to validation and test inputs. A constant column (std below {@code 1e-12}) gets std 1 (it becomes 0).
 * Mean and variance are computed on the column divided by the power of two nearest below its largest magnitude (a
 * division that is exact, so ordinary data gives the same bits as without it), so that neither the sum nor the
 * squares overflow ({@code (1e308, 1e308)} has mean {@code 1e308}, {@code (1e200, -1e200)}
 * std {@code 1e200}); data that is not finite, and a value that standardizes to infinity, are refused.
 */
public final class Standardizer {
  private final double[] mean;
  private final double[] std;

  private Standardizer(double[] mean, double[] std) {
    this.mean = mean;
    this.std = std;
  }

  /** Fits the column means and standard deviations of {@code train}. */
  public static Standardizer fit(Tensor train) {
    checkNotNull(train, "standardizer: data is null");
    checkArgument(!train.shape().isScalar() && train.rows() > 0, "standardizer: needs a matrix, got %s",
        train.shape());
    checkFinite("fit", train);
    int n = train.rows();
    int d = train.cols();
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int c = 0; c < d; c++) {
      double largest = 0;
      for (int r = 0; r < n; r++) {
        largest = Math.max(largest, Math.abs(train.get(r, c)));
      }
      if (largest == 0) {
        std[c] = 1;
        continue;
      }
      // on x / scale, in (-2, 2): the sum is below 2n and each square below 16
      double scale = Math.scalb(1.0, Math.getExponent(largest));
      double s = 0;
      for (int r = 0; r < n; r++) {
        s += train.get(r, c) / scale;
      }
      double m = s / n;
      double v = 0;
      for (int r = 0; r < n; r++) {
        double e = train.get(r, c) / scale - m;
        v += e * e;
      }
      double sd = Math.sqrt(v / n);
      mean[c] = m * scale;  // within the column's range, so finite
      std[c] = sd * scale > 1e-12 ? sd * scale : 1;  // at most the largest magnitude, so finite
    }
    return new Standardizer(mean, std);
  }

  /** Applies the fitted transform. */
  public Tensor apply(Tensor x) {
    checkNotNull(x, "standardizer: data is null");
    checkArgument(!x.shape().isScalar() && x.cols() == mean.length,
        "standardizer: fitted on %s columns, got %s", mean.length, x.shape());
    checkFinite("apply", x);
    double[] v = x.toArray();
    for (int i = 0; i < v.length; i++) {
      int c = i % mean.length;
      double z = (v[i] - mean[c]) / std[c];
      if (!Double.isFinite(z)) {
        // x - mean overflowed, or a tiny std made the quotient overflow: the result has no double
        z = v[i] / std[c] - mean[c] / std[c];
      }
      checkArgument(Double.isFinite(z), "standardizer: row %s, column %s (%s) standardizes to %s (mean %s, std %s)",
          i / mean.length, c, v[i], z, mean[c], std[c]);
      v[i] = z;
    }
    return Tensor.of(x.shape(), v);
  }

  private static void checkFinite(String what, Tensor t) {
    for (int i = 0; i < t.size(); i++) {
      checkArgument(Double.isFinite(t.at(i)), "standardizer: %s: row %s, column %s is %s", what, i / t.cols(),
          i % t.cols(), t.at(i));
    }
  }

  public double[] mean() {
    return mean.clone();
  }

  public double[] std() {
    return std.clone();
  }
}
