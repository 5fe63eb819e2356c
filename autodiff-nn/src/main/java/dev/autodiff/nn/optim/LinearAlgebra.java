package dev.autodiff.nn.optim;

/** Small dense linear algebra for Newton's method. */
final class LinearAlgebra {
  private LinearAlgebra() {}

  /**
   * Solves {@code H d = g} by Cholesky when {@code H} is symmetric positive definite; otherwise adds
   * {@code lambda I} with growing {@code lambda} (Levenberg damping) until it is, so the step is a descent direction.
   */
  static double[] solveDamped(double[][] h, double[] g) {
    int n = g.length;
    double scale = 0;
    for (int i = 0; i < n; i++) {
      scale = Math.max(scale, Math.abs(h[i][i]));
    }
    double lambda = 0;
    for (int attempt = 0; attempt < 60; attempt++) {
      double[][] l = cholesky(h, lambda);
      if (l != null) {
        return solve(l, g);
      }
      lambda = lambda == 0 ? Math.max(1e-10, 1e-8 * scale) : lambda * 10;
    }
    throw new ArithmeticException("newton: the Hessian could not be made positive definite");
  }

  private static double[][] cholesky(double[][] a, double lambda) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = (a[i][j] + a[j][i]) / 2 + (i == j ? lambda : 0);
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 0) || !Double.isFinite(s)) {
            return null;
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  private static double[] solve(double[][] l, double[] b) {
    int n = b.length;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }
}
