package dev.autodiff.nn.train;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.tensor.Tensor;

/**
 * Feature standardization {@code (x - mean) / std} per column, fitted on the training inputs only and then applied
 * unchanged to validation and test inputs. A constant column gets std 1 (it becomes 0).
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
    int n = train.rows();
    int d = train.cols();
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int c = 0; c < d; c++) {
      double s = 0;
      for (int r = 0; r < n; r++) {
        s += train.get(r, c);
      }
      mean[c] = s / n;
      double v = 0;
      for (int r = 0; r < n; r++) {
        double e = train.get(r, c) - mean[c];
        v += e * e;
      }
      double sd = Math.sqrt(v / n);
      std[c] = sd > 1e-12 ? sd : 1;
    }
    return new Standardizer(mean, std);
  }

  /** Applies the fitted transform. */
  public Tensor apply(Tensor x) {
    checkNotNull(x, "standardizer: data is null");
    checkArgument(!x.shape().isScalar() && x.cols() == mean.length,
        "standardizer: fitted on %s columns, got %s", mean.length, x.shape());
    double[] v = x.toArray();
    for (int i = 0; i < v.length; i++) {
      int c = i % mean.length;
      v[i] = (v[i] - mean[c]) / std[c];
    }
    return Tensor.of(x.shape(), v);
  }

  public double[] mean() {
    return mean.clone();
  }

  public double[] std() {
    return std.clone();
  }
}
