package dev.autodiff.nn.optim;

import dev.autodiff.core.graph.Parameter;
import java.util.List;

/**
 * Backtracking line search with the Armijo condition, shared by Newton's method and L-BFGS: from {@code x} along a
 * descent direction {@code d}, try {@code t = t0, t0/2, ...} until {@code f(x + t d) <= f(x) + c t g.d}; if no
 * step qualifies within 40 halvings the parameters go back to {@code x}, so neither rule can run away.
 */
final class LineSearch {
  static final double ARMIJO = 1e-4;
  private static final int TRIES = 40;

  private LineSearch() {}

  /** Moves the parameters to the accepted point; returns the step length taken, 0 when none was. */
  static double backtrack(Objective f, List<Parameter> ps, double[] x, double loss, double[] g, double[] d,
      double t0) {
    double slope = Vectors.dot(g, d);
    double t = t0;
    for (int tries = 0; tries < TRIES && slope < 0; tries++) {
      double[] trial = Vectors.axpy(x, t, d);
      if (!Vectors.isFinite(trial)) {
        t *= 0.5;  // no point at all (a huge direction): shorter
        continue;
      }
      Vectors.unflatten(ps, trial);
      double ft = f.loss();
      if (Double.isFinite(ft) && ft <= loss + ARMIJO * t * slope) {
        return t;
      }
      t *= 0.5;
    }
    Vectors.unflatten(ps, x);
    return 0;
  }
}
