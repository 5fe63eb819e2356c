package dev.autodiff.core.check;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.graph.Traversal;
import dev.autodiff.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Compares symbolic gradients with finite differences, element by element.
 *
 * <p>For a scalar output {@code y}, checks {@code dy/dw} for each {@code w}; a non-scalar output is first projected
 * to {@code sum(y * R)} with a fixed pseudo-random {@code R}, which checks a random vector-Jacobian product. The
 * error of an element is {@code |analytic - numeric| / max(|analytic|, |numeric|, scaleFloor)}: relative for large
 * values, absolute below {@code scaleFloor}. An element the central difference fails is estimated again with a
 * five-point stencil on a larger step (central method only), which loses less to rounding when the output is large; it passes if either
 * estimate agrees. Differences within the rounding error of the finite difference itself
 * ({@code ~8 ulp |f| / h}, which matters when the output is large against the derivative) are not counted as
 * errors. When a check fails, the report names the worst element and the first
 * op (in evaluation order) whose own vector-Jacobian product disagrees with finite differences at the point.
 *
 * <p>Immutable; the {@code with...} methods return copies.
 */
public final class GradientChecker {
  /** The finite-difference formula. */
  public enum Method {
    /** {@code (f(x + h) - f(x - h)) / 2h}: error {@code O(h^2)}. */
    CENTRAL,
    /** {@code (f(x + h) - f(x)) / h}: error {@code O(h)}; needs a looser tolerance. */
    FORWARD
  }

  private final Method method;
  private final double epsilon;
  private final double tolerance;
  private final double scaleFloor;

  private GradientChecker(Method method, double epsilon, double tolerance, double scaleFloor) {
    this.method = method;
    this.epsilon = epsilon;
    this.tolerance = tolerance;
    this.scaleFloor = scaleFloor;
  }

  /** Central differences, {@code epsilon = 1e-6}, {@code tolerance = 1e-6}, {@code scaleFloor = 1}. */
  public static GradientChecker create() {
    return new GradientChecker(Method.CENTRAL, 1e-6, 1e-6, 1.0);
  }

  public GradientChecker withMethod(Method newMethod) {
    checkNotNull(newMethod, "gradient checker: method is null");
    return new GradientChecker(newMethod, epsilon, tolerance, scaleFloor);
  }

  /** The step, relative to {@code max(1, |x|)}. */
  public GradientChecker withEpsilon(double newEpsilon) {
    checkArgument(newEpsilon > 0 && newEpsilon < 1, "gradient checker: epsilon must be in (0, 1), got %s", newEpsilon);
    return new GradientChecker(method, newEpsilon, tolerance, scaleFloor);
  }

  public GradientChecker withTolerance(double newTolerance) {
    checkArgument(newTolerance > 0, "gradient checker: tolerance must be positive, got %s", newTolerance);
    return new GradientChecker(method, epsilon, newTolerance, scaleFloor);
  }

  public GradientChecker withScaleFloor(double newFloor) {
    checkArgument(newFloor > 0, "gradient checker: scale floor must be positive, got %s", newFloor);
    return new GradientChecker(method, epsilon, tolerance, newFloor);
  }

  public Method method() {
    return method;
  }

  public double epsilon() {
    return epsilon;
  }

  public double tolerance() {
    return tolerance;
  }

  /** Checks the gradients of {@code y} with respect to each of {@code wrt} (inputs or parameters) at the fed point. */
  public GradientCheck check(Node y, List<? extends Node> wrt, Feeds feeds) {
    GradientCheck result = compare(y, wrt, feeds);
    if (result.passed()) {
      return result;
    }
    return result.withCulprit(firstDisagreeingOp(project(y), feeds));
  }

  /** Checks with no feeds. */
  public GradientCheck check(Node y, Node... wrt) {
    checkNotNull(wrt, "gradient checker: wrt is null");
    return check(y, Arrays.asList(wrt), Feeds.empty());
  }

  private GradientCheck compare(Node y, List<? extends Node> wrt, Feeds feeds) {
    checkNotNull(y, "gradient checker: output is null");
    checkNotNull(wrt, "gradient checker: wrt is null");
    checkNotNull(feeds, "gradient checker: feeds are null");
    checkArgument(!wrt.isEmpty(), "gradient checker: nothing to check (wrt is empty)");
    for (int i = 0; i < wrt.size(); i++) {
      Node w = wrt.get(i);
      checkArgument(w instanceof Input || w instanceof Parameter,
          "gradient checker: wrt[%s] (%s) must be an input or a parameter, to be perturbed", i, w);
      checkArgument(y.graph().sees(w), "gradient checker: wrt[%s] (%s) belongs to another graph", i, w);
    }
    Node scalar = project(y);
    List<Node> grads = Gradients.gradients(scalar, wrt);
    List<Node> outputs = new ArrayList<>(grads);
    outputs.add(scalar);
    Results analytic = Program.compile(outputs).run(feeds);
    Program value = Program.compile(scalar);

    List<GradientCheck.Entry> entries = new ArrayList<>();
    for (int i = 0; i < wrt.size(); i++) {
      Node w = wrt.get(i);
      Tensor base = feeds.get(w);
      if (base == null) {
        checkArgument(w instanceof Parameter, "gradient checker: wrt[%s] is input '%s', which is not fed", i, w.label());
        base = ((Parameter) w).value();
      }
      Estimate numeric = numericGradient(value, scalar, w, base, feeds, analytic.scalar(scalar));
      secondOpinion(value, scalar, w, base, feeds, analytic.get(grads.get(i)), numeric);
      entries.add(entry(w, analytic.get(grads.get(i)), numeric));
    }
    return new GradientCheck(entries, tolerance, Optional.empty());
  }

  /** Finite-difference estimates and, per element, the rounding error they cannot resolve. */
  private record Estimate(double[] value, double[] noise) {}

  /** Machine epsilon: the relative rounding error of one evaluation of the output. */
  private static final double ULP = Math.ulp(1.0);

  private Estimate numericGradient(Program value, Node scalar, Node w, Tensor base, Feeds feeds, double f0) {
    double[] x = base.toArray();
    double[] g = new double[x.length];
    double[] noise = new double[x.length];
    for (int e = 0; e < x.length; e++) {
      double orig = x[e];
      double h = epsilon * Math.max(1.0, Math.abs(orig));
      x[e] = orig + h;
      double fPlus = value.run(feeds.with(w, Tensor.of(base.shape(), x))).scalar(scalar);
      if (method == Method.CENTRAL) {
        x[e] = orig - h;
        double fMinus = value.run(feeds.with(w, Tensor.of(base.shape(), x))).scalar(scalar);
        g[e] = (fPlus - fMinus) / (2 * h);
        noise[e] = 8 * ULP * (Math.abs(fPlus) + Math.abs(fMinus)) / (2 * h);
      } else {
        g[e] = (fPlus - f0) / h;
        noise[e] = 8 * ULP * (Math.abs(fPlus) + Math.abs(f0)) / h;
      }
      x[e] = orig;
    }
    return new Estimate(g, noise);
  }

  /**
   * Central differences lose digits to rounding when the output is large against the derivative
   * ({@code ~1e-16 |f| / h}). An element they fail is estimated again with the five-point stencil
   * {@code (-f(x+2H) + 8f(x+H) - 8f(x-H) + f(x-2H)) / 12H} on a step {@code H = 100 h} (truncation error
   * {@code O(H^4)}, a hundred times less rounding error); the estimate closer to the analytic value is kept, so an
   * element passes if either valid estimate agrees with it.
   */
  private void secondOpinion(Program value, Node scalar, Node w, Tensor base, Feeds feeds, Tensor analytic,
      Estimate numeric) {
    if (method != Method.CENTRAL) {
      return;
    }
    double[] g = numeric.value();
    double[] x = base.toArray();
    for (int e = 0; e < g.length; e++) {
      if (error(analytic.at(e), g[e], numeric.noise()[e]) <= tolerance || Double.isNaN(analytic.at(e))) {
        continue;
      }
      double orig = x[e];
      double big = 100 * epsilon * Math.max(1.0, Math.abs(orig));
      double[] f = new double[4];
      double[] offsets = {2, 1, -1, -2};
      for (int k = 0; k < 4; k++) {
        x[e] = orig + offsets[k] * big;
        f[k] = value.run(feeds.with(w, Tensor.of(base.shape(), x))).scalar(scalar);
      }
      x[e] = orig;
      double fivePoint = (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * big);
      double noise = 8 * ULP * (Math.abs(f[0]) + 8 * Math.abs(f[1]) + 8 * Math.abs(f[2]) + Math.abs(f[3]))
          / (12 * big);
      if (error(analytic.at(e), fivePoint, noise) < error(analytic.at(e), g[e], numeric.noise()[e])) {
        g[e] = fivePoint;
        numeric.noise()[e] = noise;
      }
    }
  }

  private GradientCheck.Entry entry(Node w, Tensor analytic, Estimate estimate) {
    Tensor numeric = Tensor.of(analytic.shape(), estimate.value());
    double worst = -1;
    int worstIndex = 0;
    for (int e = 0; e < analytic.size(); e++) {
      double err = error(analytic.at(e), numeric.at(e), estimate.noise()[e]);
      if (!(err <= worst)) {
        worst = err;
        worstIndex = e;
        if (Double.isNaN(err)) {
          break;
        }
      }
    }
    return new GradientCheck.Entry(w, analytic, numeric, worst, worstIndex);
  }

  double error(double a, double n) {
    return error(a, n, 0);
  }

  /** The relative error beyond {@code noise}, the rounding error of the finite difference itself. */
  double error(double a, double n, double noise) {
    if (a == n) {
      return 0;
    }
    double diff = Math.abs(a - n) - noise;
    if (!(diff > 0)) {
      return diff <= 0 ? 0 : Double.NaN;
    }
    return diff / Math.max(Math.max(Math.abs(a), Math.abs(n)), scaleFloor);
  }

  /** A scalar output as is; otherwise {@code sum(y * R)} with a fixed pseudo-random {@code R} in [0.5, 1.5). */
  static Node project(Node y) {
    if (y.shape().size() == 1) {
      return y.shape().isScalar() ? y : y.sum();
    }
    SplittableRandom random = new SplittableRandom(0x5eedL + y.shape().size());
    double[] r = new double[y.shape().size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = 0.5 + random.nextDouble();
    }
    return y.times(y.graph().constant(Tensor.of(y.shape(), r))).sum();
  }

  /**
   * Re-checks each op of {@code y}'s graph on its own, in evaluation order: its inputs become fresh inputs fed with
   * their values at the point, and its vector-Jacobian product is compared with finite differences.
   */
  private Optional<GradientCheck.Culprit> firstDisagreeingOp(Node y, Feeds feeds) {
    List<Node> order = Traversal.ancestors(y);
    List<Node> inner = new ArrayList<>();
    for (Node n : order) {
      if (!n.isLeaf()) {
        inner.add(n);
      }
    }
    if (inner.isEmpty()) {
      return Optional.empty();
    }
    List<Node> needValues = new ArrayList<>();
    for (Node n : inner) {
      needValues.addAll(n.inputs());
    }
    Results values = Program.compile(needValues).run(feeds);
    for (Node n : inner) {
      Graph local = Graph.create();
      Node[] args = new Node[n.arity()];
      Feeds localFeeds = Feeds.empty();
      for (int i = 0; i < args.length; i++) {
        Input in = local.input("in" + i, n.input(i).shape());
        args[i] = in;
        localFeeds = localFeeds.with(in, values.get(n.input(i)));
      }
      Node out = local.apply(n.op(), args);
      if (out.isLeaf() || !out.op().equals(n.op())) {
        continue;
      }
      boolean[] all = new boolean[args.length];
      Arrays.fill(all, true);
      Node[] vjps = out.op().vjp(local.constant(out.shape(), 1.0), out, all);
      List<Node> differentiable = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        if (vjps[i] != null) {
          differentiable.add(args[i]);
        }
      }
      if (differentiable.isEmpty()) {
        continue;
      }
      GradientCheck local1 = compare(out, differentiable, localFeeds);
      if (!local1.passed()) {
        return Optional.of(new GradientCheck.Culprit(n, local1));
      }
    }
    return Optional.empty();
  }
}
