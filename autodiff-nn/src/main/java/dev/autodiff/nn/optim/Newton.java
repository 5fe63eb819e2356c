package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;

/**
 * Newton's method with the exact Hessian: {@code w -= t H^-1 g}, damped when {@code H} is not positive definite,
 * {@code t} starting at the learning rate (1 for the pure method) and shortened by the {@link LineSearch}.
 */
public final class Newton extends SecondOrder {
  Newton(double rate, double decay) {
    super("newton", rate, decay);
  }

  /** Newton's method trying step {@code learningRate} first. */
  public static Newton of(double learningRate) {
    return new Newton(learningRate, 0);
  }

  @Override
  SecondOrder copy(double rate, double decay) {
    return new Newton(rate, decay);
  }

  @Override
  public String name() {
    return "newton(lr=" + rate + decayName() + ")";
  }

  /**
   * Refuses a run whose dense Hessian cannot fit, before anything is built: a step holds about four {@code N x N}
   * matrices (the one-hot seeds that build the Hessian, its value, the rows the solver copies, the Cholesky factor).
   */
  static void checkHessianFits(List<Parameter> ps) {
    long n = 0;
    for (Parameter p : ps) {
      n += p.shape().size();
    }
    long elements = n * n;
    long heap = Runtime.getRuntime().maxMemory();
    checkArgument(elements <= Integer.MAX_VALUE - 8 && 4 * 8 * elements <= heap,
        "newton: %s parameters make a %s x %s Hessian (%s); a step holds about 4 such matrices (%s), more than this "
            + "JVM's heap (%s, -Xmx); use Optimizers.lbfgs for a model this size", n, n, n, gb(8 * elements),
        gb(4 * 8 * elements), gb(heap));
  }

  private static String gb(long bytes) {
    return String.format("%.1f GB", bytes / (double) (1L << 30));
  }

  @Override
  public State start(List<Parameter> parameters) {
    List<Parameter> ps = checkParameters(rule, parameters);
    checkHessianFits(ps);
    return new State() {
      private long steps;

      @Override
      public Objective.Evaluation step(Objective objective, double learningRate) {
        Objective f = CoupledDecay.of(objective, decay);
        Objective.Evaluation e = evaluate(rule, f, ps);
        double[] g = Vectors.flatten(e.gradients());
        Tensor h = f.hessian();
        checkArgument(h.rows() == g.length && h.cols() == g.length, "newton: Hessian is %s for %s parameters",
            h.shape(), g.length);
        double[] d = Vectors.scale(LinearAlgebra.solveDamped(h.toRows(), g), -1);
        // on a quadratic the full step is accepted at once; on a non-convex loss a step that would raise the loss
        // is shortened, so Newton's method cannot run away
        LineSearch.backtrack(f, ps, Vectors.values(ps), e.loss(), g, d, learningRate);
        steps++;
        return e;
      }

      @Override
      public long steps() {
        return steps;
      }
    };
  }
}
