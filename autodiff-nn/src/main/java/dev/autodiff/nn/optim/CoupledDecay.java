package dev.autodiff.nn.optim;

import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;

/**
 * An objective plus {@code lambda / 2 ||w||^2}: coupled weight decay for the rules that see the whole objective
 * (Newton's method, L-BFGS), so that their line search and Hessian agree with the gradient {@code g + lambda w}.
 */
final class CoupledDecay implements Objective {
  private final Objective f;
  private final double lambda;

  private CoupledDecay(Objective f, double lambda) {
    this.f = f;
    this.lambda = lambda;
  }

  /** {@code f} itself when {@code lambda} is 0. */
  static Objective of(Objective f, double lambda) {
    checkNotNull(f, "optimizer: objective is null");
    return lambda == 0 ? f : new CoupledDecay(f, lambda);
  }

  @Override
  public List<Parameter> parameters() {
    return f.parameters();
  }

  @Override
  public Evaluation evaluate() {
    Evaluation e = f.evaluate();
    List<Parameter> ps = f.parameters();
    double penalty = 0;
    for (int i = 0; i < ps.size(); i++) {
      Tensor w = ps.get(i).value();
      double[] g = e.gradients().get(i).array();
      for (int k = 0; k < g.length; k++) {
        double wk = w.at(k);
        g[k] += lambda * wk;
        penalty += wk * wk;
      }
    }
    return new Evaluation(e.loss() + 0.5 * lambda * penalty, e.gradients());
  }

  @Override
  public double loss() {
    double penalty = 0;
    for (Parameter p : f.parameters()) {
      Tensor w = p.value();
      for (int k = 0; k < w.size(); k++) {
        penalty += w.at(k) * w.at(k);
      }
    }
    return f.loss() + 0.5 * lambda * penalty;
  }

  @Override
  public Tensor hessian() {
    Tensor h = f.hessian();
    MutableTensor out = MutableTensor.copyOf(h);
    for (int i = 0; i < Math.min(h.rows(), h.cols()); i++) {
      out.set(i, i, out.get(i, i) + lambda);
    }
    return out.freeze();
  }
}
