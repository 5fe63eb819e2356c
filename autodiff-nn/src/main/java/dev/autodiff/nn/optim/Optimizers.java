package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * The optimizers of the lectures. Each update rule, with {@code g} the gradient and {@code eta} the learning rate:
 * <ul>
 *   <li>{@link #sgd}: {@code w -= eta g} (full-batch gradient descent, SGD on single samples or minibatch SGD,
 *       depending only on the trainer's batch size);
 *   <li>{@link #momentum}: {@code m = gamma m + eta g; w -= m} (the lecture's form);
 *   <li>{@link #nesterov}: the same with {@code g} taken at the look-ahead point {@code w - gamma m};
 *   <li>{@link #adagrad}: {@code G += g^2; w -= eta g / sqrt(G + eps)};
 *   <li>{@link #rmsprop}: {@code v = rho v + (1 - rho) g^2; w -= eta g / (sqrt(v) + eps)};
 *   <li>{@link #adam}: {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 *       w -= eta (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)};
 *   <li>{@link #adamW}: Adam plus decoupled weight decay {@code w -= eta lambda w};
 *   <li>{@link #newton}: {@code w -= t H^-1 g} with the exact Hessian (damped when {@code H} is not positive
 *       definite), {@code t} starting at {@code eta} and halved until the loss decreases enough (Armijo);
 *   <li>{@link #lbfgs}: limited-memory BFGS with a backtracking (Armijo) line search; meant for full batches.
 * </ul>
 */
public final class Optimizers {
  private Optimizers() {}

  public static Optimizer sgd(double learningRate) {
    return new Sgd(learningRate);
  }

  public static Optimizer momentum(double learningRate, double gamma) {
    return new Momentum(learningRate, gamma, false);
  }

  public static Optimizer nesterov(double learningRate, double gamma) {
    return new Momentum(learningRate, gamma, true);
  }

  public static Optimizer adagrad(double learningRate) {
    return new AdaGrad(learningRate, 1e-8);
  }

  public static Optimizer rmsprop(double learningRate) {
    return rmsprop(learningRate, 0.9);
  }

  public static Optimizer rmsprop(double learningRate, double rho) {
    return new RmsProp(learningRate, rho, 1e-8);
  }

  /** Adam with the usual {@code beta1 = 0.9, beta2 = 0.999, eps = 1e-8}. */
  public static Optimizer adam(double learningRate) {
    return adam(learningRate, 0.9, 0.999);
  }

  public static Optimizer adam(double learningRate, double beta1, double beta2) {
    return new Adam(learningRate, beta1, beta2, 1e-8, 0);
  }

  /** AdamW: Adam with decoupled weight decay {@code lambda}. */
  public static Optimizer adamW(double learningRate, double weightDecay) {
    checkArgument(weightDecay >= 0 && Double.isFinite(weightDecay), "adamW: weight decay must be >= 0, got %s",
        weightDecay);
    return new Adam(learningRate, 0.9, 0.999, 1e-8, weightDecay);
  }

  /** Newton's method with the exact Hessian and step size {@code learningRate} (1 for the pure method). */
  public static Optimizer newton(double learningRate) {
    return new Newton(learningRate);
  }

  /** L-BFGS remembering {@code history} pairs, trying step {@code learningRate} (usually 1) first. */
  public static Optimizer lbfgs(double learningRate, int history) {
    return new Lbfgs(learningRate, history);
  }

  // ---- shared machinery ----

  abstract static class Base implements Optimizer {
    private double rate;
    double[][] state1;
    double[][] state2;
    long steps;

    Base(double rate) {
      setLearningRate(rate);
    }

    @Override
    public double learningRate() {
      return rate;
    }

    @Override
    public final void setLearningRate(double r) {
      if (!(r > 0 && Double.isFinite(r))) {
        throw new IllegalArgumentException(String.format("%s: learning rate must be positive and finite, got %s",
            getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT), r));
      }
      this.rate = r;
    }

    @Override
    public void reset() {
      state1 = null;
      state2 = null;
      steps = 0;
    }

    /** Allocates zeroed state the first time, and checks the parameters did not change since. */
    void prepare(List<Parameter> ps) {
      if (state1 == null || state1.length != ps.size()) {
        state1 = new double[ps.size()][];
        state2 = new double[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
          state1[i] = new double[ps.get(i).shape().size()];
          state2[i] = new double[ps.get(i).shape().size()];
        }
      }
    }

    @Override
    public String toString() {
      return name();
    }
  }

  /**
   * An optimizer whose update is elementwise: evaluate once at the current point, then compute each parameter's new
   * weights from the old ones, the gradient and the per-element state, one array at a time (tight loops the JIT
   * vectorises, reading the gradient without a copy).
   */
  abstract static class Elementwise extends Base {
    Elementwise(double rate) {
      super(rate);
    }

    /** Called once per step, after the step counter has advanced. */
    void beginStep() {}

    @Override
    public final boolean keepsGradients() {
      return false;  // each gradient is read once, in step()
    }

    @Override
    public final boolean stepsByUpdate() {
      return true;
    }

    /** Writes the new weights into {@code out} from the old {@code w}, the gradient {@code g} and the state. */
    abstract void update(double[] w, double[] g, double[] s1, double[] s2, double[] out);

    @Override
    public final Objective.Evaluation step(Objective f) {
      Objective.Evaluation e = evaluate(f);
      List<Parameter> ps = f.parameters();
      prepare(ps);
      steps++;
      beginStep();
      for (int i = 0; i < ps.size(); i++) {
        double[] g = e.gradients().get(i).array();
        double[] s1 = state1[i];
        double[] s2 = state2[i];
        // into storage the parameter recycles when no one holds its old values: no allocation in steady training
        ps.get(i).update((w, next) -> update(w, g, s1, s2, next));
      }
      return e;
    }
  }

  static Objective.Evaluation evaluate(Objective f) {
    checkNotNull(f, "optimizer: objective is null");
    Objective.Evaluation e = f.evaluate();
    checkArgument(e.gradients().size() == f.parameters().size(), "optimizer: %s gradients for %s parameters",
        e.gradients().size(), f.parameters().size());
    return e;
  }

  static void set(Parameter p, double[] values) {
    p.set(Tensor.of(p.shape(), values));
  }

  static final class Sgd extends Elementwise {
    Sgd(double rate) {
      super(rate);
    }

    @Override
    void update(double[] w, double[] g, double[] s1, double[] s2, double[] out) {
      double rate = learningRate();
      for (int k = 0; k < w.length; k++) {
        out[k] = w[k] - rate * g[k];
      }
    }

    @Override
    public String name() {
      return "sgd(lr=" + learningRate() + ")";
    }
  }

  static final class Momentum extends Base {
    private final double gamma;
    private final boolean nesterov;

    Momentum(double rate, double gamma, boolean nesterov) {
      super(rate);
      checkArgument(gamma >= 0 && gamma < 1, "%s: gamma must be in [0, 1), got %s",
          nesterov ? "nesterov" : "momentum", gamma);
      this.gamma = gamma;
      this.nesterov = nesterov;
    }

    @Override
    public Objective.Evaluation step(Objective f) {
      checkNotNull(f, "optimizer: objective is null");
      List<Parameter> ps = f.parameters();
      prepare(ps);
      double[][] m = state1;
      Objective.Evaluation e;
      double[][] w = new double[ps.size()][];
      for (int i = 0; i < ps.size(); i++) {
        w[i] = ps.get(i).value().toArray();
      }
      if (nesterov) {
        // The gradient at the look-ahead point w - gamma m, where the momentum is about to carry the weights.
        for (int i = 0; i < ps.size(); i++) {
          double[] ahead = w[i].clone();
          for (int k = 0; k < ahead.length; k++) {
            ahead[k] -= gamma * m[i][k];
          }
          set(ps.get(i), ahead);
        }
        try {
          e = evaluate(f);
        } finally {
          for (int i = 0; i < ps.size(); i++) {
            set(ps.get(i), w[i]);
          }
        }
      } else {
        e = evaluate(f);
      }
      double eta = learningRate();
      for (int i = 0; i < ps.size(); i++) {
        double[] g = e.gradients().get(i).array();
        for (int k = 0; k < w[i].length; k++) {
          m[i][k] = gamma * m[i][k] + eta * g[k];
          w[i][k] -= m[i][k];
        }
        set(ps.get(i), w[i]);
      }
      steps++;
      return e;
    }

    @Override
    public String name() {
      return (nesterov ? "nesterov" : "momentum") + "(lr=" + learningRate() + ", gamma=" + gamma + ")";
    }
  }

  static final class AdaGrad extends Elementwise {
    private final double eps;

    AdaGrad(double rate, double eps) {
      super(rate);
      this.eps = eps;
    }

    @Override
    void update(double[] w, double[] g, double[] s1, double[] s2, double[] out) {
      double rate = learningRate();
      for (int k = 0; k < w.length; k++) {
        s1[k] += g[k] * g[k];
        out[k] = w[k] - rate * g[k] / Math.sqrt(s1[k] + eps);
      }
    }

    @Override
    public String name() {
      return "adagrad(lr=" + learningRate() + ")";
    }
  }

  static final class RmsProp extends Elementwise {
    private final double rho;
    private final double eps;

    RmsProp(double rate, double rho, double eps) {
      super(rate);
      checkArgument(rho >= 0 && rho < 1, "rmsprop: rho must be in [0, 1), got %s", rho);
      this.rho = rho;
      this.eps = eps;
    }

    @Override
    void update(double[] w, double[] g, double[] s1, double[] s2, double[] out) {
      double rate = learningRate();
      for (int k = 0; k < w.length; k++) {
        s1[k] = rho * s1[k] + (1 - rho) * g[k] * g[k];
        out[k] = w[k] - rate * g[k] / (Math.sqrt(s1[k]) + eps);
      }
    }

    @Override
    public String name() {
      return "rmsprop(lr=" + learningRate() + ", rho=" + rho + ")";
    }
  }

  static final class Adam extends Elementwise {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double decay;
    private double c1;
    private double c2;

    Adam(double rate, double beta1, double beta2, double eps, double decay) {
      super(rate);
      checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1,
          "adam: betas must be in [0, 1), got %s and %s", beta1, beta2);
      this.beta1 = beta1;
      this.beta2 = beta2;
      this.eps = eps;
      this.decay = decay;
    }

    @Override
    void beginStep() {
      c1 = 1 - Math.pow(beta1, steps);
      c2 = 1 - Math.pow(beta2, steps);
    }

    @Override
    void update(double[] w, double[] g, double[] s1, double[] s2, double[] out) {
      // w - rate (m / c1) / (sqrt(v / c2) + eps): the bias corrections folded into two constants, one division
      double stepSize = learningRate() / c1;
      double inverseC2 = 1 / c2;
      double shrink = learningRate() * decay;
      for (int k = 0; k < w.length; k++) {
        double gk = g[k];
        double m = beta1 * s1[k] + (1 - beta1) * gk;
        double v = beta2 * s2[k] + (1 - beta2) * gk * gk;
        s1[k] = m;
        s2[k] = v;
        out[k] = w[k] - stepSize * m / (Math.sqrt(v * inverseC2) + eps) - shrink * w[k];
      }
    }

    @Override
    public String name() {
      return (decay > 0 ? "adamw" : "adam") + "(lr=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2
          + (decay > 0 ? ", weight_decay=" + decay : "") + ")";
    }
  }

  static final class Newton extends Base {
    Newton(double rate) {
      super(rate);
    }

    @Override
    public Objective.Evaluation step(Objective f) {
      Objective.Evaluation e = evaluate(f);
      List<Parameter> ps = f.parameters();
      double[] g = flatten(e.gradients());
      Tensor h = f.hessian();
      checkArgument(h.rows() == g.length && h.cols() == g.length, "newton: Hessian is %s for %s parameters",
          h.shape(), g.length);
      double[] d = scale(LinearAlgebra.solveDamped(h.toRows(), g), -1);
      double[] w = values(ps);
      // Backtracking from the full step: on a quadratic the full step is accepted at once; on a non-convex loss a
      // step that would increase the loss is shortened (Armijo), so Newton's method cannot run away.
      double slope = dot(g, d);
      double t = learningRate();
      boolean accepted = false;
      for (int tries = 0; tries < 40 && slope < 0; tries++) {
        unflatten(ps, axpy(w, t, d));
        double ft = f.evaluate().loss();
        if (Double.isFinite(ft) && ft <= e.loss() + 1e-4 * t * slope) {
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      if (!accepted) {
        unflatten(ps, w);
      }
      steps++;
      return e;
    }

    @Override
    public String name() {
      return "newton(lr=" + learningRate() + ")";
    }
  }

  static final class Lbfgs extends Base {
    private final int history;
    private final ArrayDeque<double[][]> pairs = new ArrayDeque<>();
    private double[] prevX;
    private double[] prevG;

    Lbfgs(double rate, int history) {
      super(rate);
      checkArgument(history > 0, "lbfgs: history must be positive, got %s", history);
      this.history = history;
    }

    @Override
    public void reset() {
      super.reset();
      pairs.clear();
      prevX = null;
      prevG = null;
    }

    @Override
    public Objective.Evaluation step(Objective f) {
      Objective.Evaluation e = evaluate(f);
      List<Parameter> ps = f.parameters();
      double[] x = values(ps);
      double[] g = flatten(e.gradients());
      if (prevX != null && prevX.length == x.length) {
        double[] s = minus(x, prevX);
        double[] y = minus(g, prevG);
        if (dot(s, y) > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
          pairs.addLast(new double[][] {s, y});
          if (pairs.size() > history) {
            pairs.removeFirst();
          }
        }
      }
      double[] d = direction(g);
      double slope = dot(g, d);
      if (!(slope < 0)) {
        pairs.clear();
        d = scale(g, -1);
        slope = dot(g, d);
      }
      double t = learningRate();
      double f0 = e.loss();
      boolean accepted = false;
      for (int tries = 0; tries < 40 && slope < 0; tries++) {
        unflatten(ps, axpy(x, t, d));
        double ft = f.evaluate().loss();
        if (Double.isFinite(ft) && ft <= f0 + 1e-4 * t * slope) {
          accepted = true;
          break;
        }
        t *= 0.5;
      }
      if (!accepted) {
        unflatten(ps, x);
      }
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
        double rho = 1 / dot(p[1], p[0]);
        alpha[i] = rho * dot(p[0], q);
        q = axpy(q, -alpha[i], p[1]);
      }
      if (!pairs.isEmpty()) {
        double[][] last = pairs.peekLast();
        q = scale(q, dot(last[0], last[1]) / dot(last[1], last[1]));
      }
      i = 0;
      for (double[][] p : pairs) {
        double rho = 1 / dot(p[1], p[0]);
        double beta = rho * dot(p[1], q);
        q = axpy(q, alpha[i] - beta, p[0]);
        i++;
      }
      return scale(q, -1);
    }

    @Override
    public String name() {
      return "lbfgs(lr=" + learningRate() + ", history=" + history + ")";
    }
  }

  // ---- vectors ----

  /** The parameters' current values, flattened in order. */
  static double[] values(List<Parameter> ps) {
    int n = 0;
    for (Parameter p : ps) {
      n += p.shape().size();
    }
    double[] out = new double[n];
    int k = 0;
    for (Parameter p : ps) {
      Tensor v = p.value();
      for (int i = 0; i < v.size(); i++) {
        out[k++] = v.at(i);
      }
    }
    return out;
  }

  static double[] flatten(List<MutableTensor> ts) {
    int n = 0;
    for (MutableTensor t : ts) {
      n += t.size();
    }
    double[] out = new double[n];
    int k = 0;
    for (MutableTensor t : ts) {
      System.arraycopy(t.array(), 0, out, k, t.size());
      k += t.size();
    }
    return out;
  }

  static void unflatten(List<Parameter> ps, double[] v) {
    int k = 0;
    for (Parameter p : ps) {
      double[] w = new double[p.shape().size()];
      System.arraycopy(v, k, w, 0, w.length);
      k += w.length;
      set(p, w);
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  static double[] scale(double[] a, double c) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * c;
    }
    return out;
  }

  /** {@code x + c y}. */
  static double[] axpy(double[] x, double c, double[] y) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] + c * y[i];
    }
    return out;
  }
}
