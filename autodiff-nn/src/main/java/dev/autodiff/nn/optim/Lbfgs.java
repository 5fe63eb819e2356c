package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.graph.Parameter;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * Limited-memory BFGS remembering {@code history} (s, y) pairs, with the {@link LineSearch} trying step
 * {@code learningRate} (usually 1) first; meant for full batches.
 */
public final class Lbfgs extends SecondOrder {
  private final int history;

  Lbfgs(double rate, int history, double decay) {
    super("lbfgs", rate, decay);
    checkArgument(history > 0, "lbfgs: history must be positive, got %s", history);
    this.history = history;
  }

  /** L-BFGS remembering {@code history} pairs, trying step {@code learningRate} first. */
  public static Lbfgs of(double learningRate, int history) {
    return new Lbfgs(learningRate, history, 0);
  }

  @Override
  SecondOrder copy(double rate, double decay) {
    return new Lbfgs(rate, history, decay);
  }

  @Override
  public String name() {
    return "lbfgs(lr=" + rate + ", history=" + history + decayName() + ")";
  }

  @Override
  public State start(List<Parameter> parameters) {
    return new Run(checkParameters(rule, parameters));
  }

  private final class Run implements State {
    private final List<Parameter> ps;
    private final ArrayDeque<double[][]> pairs = new ArrayDeque<>();
    private double[] prevX;
    private double[] prevG;
    private long steps;

    Run(List<Parameter> ps) {
      this.ps = ps;
    }

    @Override
    public Objective.Evaluation step(Objective objective, double learningRate) {
      Objective f = CoupledDecay.of(objective, decay);
      Objective.Evaluation e = evaluate(rule, f, ps);
      double[] x = Vectors.values(ps);
      double[] g = Vectors.flatten(e.gradients());
      if (prevX != null) {
        double[] s = Vectors.minus(x, prevX);
        double[] y = Vectors.minus(g, prevG);
        if (Vectors.dot(s, y) > 1e-12 * Math.sqrt(Vectors.dot(s, s) * Vectors.dot(y, y))) {
          pairs.addLast(new double[][] {s, y});
          if (pairs.size() > history) {
            pairs.removeFirst();
          }
        }
      }
      double[] d = direction(g);
      if (!(Vectors.dot(g, d) < 0)) {
        pairs.clear();  // not a descent direction: start again from steepest descent
        d = Vectors.scale(g, -1);
      }
      LineSearch.backtrack(f, ps, x, e.loss(), g, d, learningRate);
      prevX = x;
      prevG = g;
      steps++;
      return e;
    }

    /** The two-loop recursion: {@code -H g} with {@code H} the L-BFGS inverse-Hessian estimate. */
    private double[] direction(double[] g) {
      double[] q = g.clone();
      double[] alpha = new double[pairs.size()];
      int i = pairs.size() - 1;
      for (Iterator<double[][]> it = pairs.descendingIterator(); it.hasNext(); i--) {
        double[][] p = it.next();
        alpha[i] = Vectors.dot(p[0], q) / Vectors.dot(p[1], p[0]);
        q = Vectors.axpy(q, -alpha[i], p[1]);
      }
      if (!pairs.isEmpty()) {
        double[][] last = pairs.peekLast();
        q = Vectors.scale(q, Vectors.dot(last[0], last[1]) / Vectors.dot(last[1], last[1]));
      }
      i = 0;
      for (double[][] p : pairs) {
        double beta = Vectors.dot(p[1], q) / Vectors.dot(p[1], p[0]);
        q = Vectors.axpy(q, alpha[i] - beta, p[0]);
        i++;
      }
      return Vectors.scale(q, -1);
    }

    @Override
    public long steps() {
      return steps;
    }
  }
}
