package dev.autodiff.core.tensor;

import static dev.autodiff.core.Require.checkNotNull;

import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigDecimal;
import java.math.MathContext;

/** Fixed, locale-independent number formatting, so that printed graphs and traces are the same on every machine. */
public final class TensorFormat {
  private TensorFormat() {}

  /**
   * Formats a number with at most {@code 6} significant digits, without trailing zeros: {@code 1}, {@code 0.5},
   * {@code 20.0855}, {@code 1.5e-07}, {@code NaN}, {@code Infinity}.
   */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Infinity" : "-Infinity";
    }
    if (v == 0) {
      return "0";
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
    double mag = Math.abs(v);
    if (mag >= 1e-4 && mag < 1e7) {
      return d.toPlainString();
    }
    String s = String.format(java.util.Locale.ROOT, "%.5e", d.doubleValue());
    int e = s.indexOf('e');
    String mantissa = s.substring(0, e).replaceAll("0+$", "").replaceAll("\\.$", "");
    return mantissa + s.substring(e);
  }

  /** A preview showing at most {@code maxPerDim} rows and columns, with {@code …} where elements are elided. */
  public static String preview(Tensor t, int maxPerDim) {
    checkNotNull(t, "preview: tensor is null");
    checkArgument(maxPerDim >= 1, "preview: maxPerDim must be at least 1, got %s", maxPerDim);
    Shape s = t.shape();
    double[] d = t.buffer();
    if (s.isScalar()) {
      return number(d[0]);
    }
    StringBuilder b = new StringBuilder().append(s).append(" [");
    for (int r = 0; r < s.rows(); r++) {
      if (r == maxPerDim - 1 && s.rows() > maxPerDim) {
        b.append("…, ");
        r = s.rows() - 1;
      }
      b.append('[');
      for (int c = 0; c < s.cols(); c++) {
        if (c == maxPerDim - 1 && s.cols() > maxPerDim) {
          b.append("…, ");
          c = s.cols() - 1;
        }
        b.append(number(d[r * s.cols() + c]));
        if (c < s.cols() - 1) {
          b.append(", ");
        }
      }
      b.append(']');
      if (r < s.rows() - 1) {
        b.append(", ");
      }
    }
    return b.append(']').toString();
  }
}
