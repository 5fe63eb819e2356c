package dev.autodiff.nn.reliability;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Exact references for the numerics tests: 60-digit decimal arithmetic, independent of the library and of
 * {@link Math}. The functions that lose everything in naive double arithmetic are written so that they lose nothing
 * in decimal either: {@link #log1p} sums its series for small arguments, and the log-sum-exp family works with the
 * exact differences {@code x_j - max}, so that {@code log(1 + e^-200)} keeps its 60 digits.
 */
final class Exact {
  static final MathContext MC = new MathContext(60, RoundingMode.HALF_EVEN);
  private static final BigDecimal SMALL = new BigDecimal("0.001");

  private Exact() {}

  /** The exact value of a double. */
  static BigDecimal d(double v) {
    return new BigDecimal(v);
  }

  /** e^x to 60 digits: e^(x / 2^k) by its Taylor series, squared k times. */
  static BigDecimal exp(BigDecimal x) {
    int k = 0;
    BigDecimal r = x;
    while (r.abs().compareTo(SMALL) > 0) {
      r = r.divide(BigDecimal.valueOf(2), MC);
      k++;
    }
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    for (int n = 1; n < 40; n++) {
      term = term.multiply(r, MC).divide(BigDecimal.valueOf(n), MC);
      sum = sum.add(term, MC);
    }
    for (int i = 0; i < k; i++) {
      sum = sum.multiply(sum, MC);
    }
    return sum;
  }

  /** e^x - 1 to 60 significant digits, also for tiny x. */
  static BigDecimal expm1(BigDecimal x) {
    if (x.abs().compareTo(SMALL) > 0) {
      return exp(x).subtract(BigDecimal.ONE, MC);
    }
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal term = BigDecimal.ONE;
    for (int n = 1; n < 40; n++) {
      term = term.multiply(x, MC).divide(BigDecimal.valueOf(n), MC);
      sum = sum.add(term, MC);
    }
    return sum;
  }

  /** log(y) for y > 0: y = m 10^k with m in [1, 10), log m by Newton's method on exp, plus k log 10. */
  static BigDecimal log(BigDecimal y) {
    int k = y.precision() - y.scale() - 1;
    BigDecimal m = y.movePointLeft(k);
    BigDecimal result = logSmall(m);
    if (k != 0) {
      result = result.add(logSmall(BigDecimal.TEN).multiply(BigDecimal.valueOf(k), MC), MC);
    }
    return result;
  }

  private static BigDecimal logSmall(BigDecimal y) {
    BigDecimal x = new BigDecimal(Math.log(y.doubleValue()));
    for (int i = 0; i < 8; i++) {
      BigDecimal e = exp(x);
      x = x.add(BigDecimal.valueOf(2).multiply(y.subtract(e, MC), MC).divide(y.add(e, MC), MC), MC);
    }
    return x;
  }

  /** log(1 + u) for u > -1 to 60 significant digits, also for tiny u (its series). */
  static BigDecimal log1p(BigDecimal u) {
    if (u.abs().compareTo(SMALL) > 0) {
      return log(BigDecimal.ONE.add(u));
    }
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal power = BigDecimal.ONE;
    for (int n = 1; n < 30; n++) {
      power = power.multiply(u, MC);
      BigDecimal term = power.divide(BigDecimal.valueOf(n), MC);
      sum = n % 2 == 1 ? sum.add(term, MC) : sum.subtract(term, MC);
    }
    return sum;
  }

  /** log(1 + e^z). */
  static BigDecimal softplus(double z) {
    BigDecimal zz = d(z);
    return z < 0 ? log1p(exp(zz)) : zz.add(log1p(exp(zz.negate())), MC);
  }

  /** 1 / (1 + e^-z). */
  static BigDecimal sigmoid(double z) {
    BigDecimal e = exp(d(-Math.abs(z)));
    BigDecimal small = e.divide(BigDecimal.ONE.add(e), MC);  // sigmoid(-|z|), never cancelled
    return z >= 0 ? BigDecimal.ONE.subtract(small, MC) : small;
  }

  /** A row of logits, as the exact values the log-sum-exp family needs. */
  static final class Logits {
    final double[] x;
    final int argmax;
    final BigDecimal[] e;  // e^(x_j - max), exact differences
    final BigDecimal others;  // sum of e over j != argmax
    final BigDecimal total;

    Logits(double... x) {
      this.x = x;
      int k = 0;
      for (int j = 1; j < x.length; j++) {
        k = x[j] > x[k] ? j : k;
      }
      argmax = k;
      e = new BigDecimal[x.length];
      BigDecimal o = BigDecimal.ZERO;
      for (int j = 0; j < x.length; j++) {
        e[j] = exp(d(x[j]).subtract(d(x[k])));
        o = j == k ? o : o.add(e[j], MC);
      }
      others = o;
      total = BigDecimal.ONE.add(o, MC);
    }

    /** log(sum_j e^(x_j)). */
    BigDecimal logSumExp() {
      return d(x[argmax]).add(log1p(others), MC);
    }

    BigDecimal softmax(int j) {
      return e[j].divide(total, MC);
    }

    /** 1 - softmax_j, without cancellation. */
    BigDecimal complement(int j) {
      BigDecimal rest = j == argmax ? others : total.subtract(e[j], MC);
      return rest.divide(total, MC);
    }

    /** x_j - logsumexp(x), with the difference x_j - max exact. */
    BigDecimal logSoftmax(int j) {
      return d(x[j]).subtract(d(x[argmax])).subtract(log1p(others), MC);
    }
  }
}
