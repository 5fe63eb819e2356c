package dev.autodiff.core.kernels;

/**
 * The error function, to about 1e-15 relative (Java's {@link Math} has none).
 *
 * <p>Below |x| = 2.5 it sums {@code erf(x) = 2/sqrt(pi) e^(-x^2) sum_n x (2x^2)^n / (1*3*...*(2n+1))}, a series of
 * positive terms (no cancellation, unlike the alternating Taylor series). Above, {@code erf = 1 - erfc} with erfc
 * from its continued fraction {@code e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))}, evaluated by
 * the modified Lentz method; there erfc is below 4e-4, so the subtraction keeps full precision.
 */
final class Erf {
  private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
  private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
  private static final double TINY = 1e-300;

  private Erf() {}

  static double erf(double x) {
    if (x != x) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax >= 6) {
      return Math.copySign(1.0, x);  // erfc(6) < 3e-17: below half an ulp of 1
    }
    if (ax < 2.5) {
      double x2 = x * x;
      double term = x;
      double sum = x;
      for (int n = 0; n < 200; n++) {
        term *= 2 * x2 / (2 * n + 3);
        sum += term;
        if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }
    return Math.copySign(1.0 - erfc(ax), x);
  }

  /** erfc for {@code x >= 2.5}, by the continued fraction. */
  private static double erfc(double x) {
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 500; n++) {
      double a = n * 0.5;
      d = x + a * d;
      d = d == 0 ? TINY : d;
      c = x + a / c;
      c = c == 0 ? TINY : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
  }
}
