package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;

/**
 * Momentum in the lecture's form, {@code m = gamma m + eta g; w -= m}; Nesterov's variant takes {@code g} at the
 * look-ahead point {@code w - gamma m}, where the momentum is about to carry the weights.
 */
public final class Momentum extends FirstOrder {
  private final double gamma;
  private final boolean nesterov;

  Momentum(double rate, double gamma, boolean nesterov, double decay, WeightDecay form) {
    super(nesterov ? "nesterov" : "momentum", rate, decay, form);
    checkArgument(gamma >= 0 && gamma < 1, "%s: gamma must be in [0, 1), got %s", rule, gamma);
    this.gamma = gamma;
    this.nesterov = nesterov;
  }

  public static Momentum of(double learningRate, double gamma) {
    return new Momentum(learningRate, gamma, false, 0, WeightDecay.COUPLED);
  }

  public static Momentum nesterov(double learningRate, double gamma) {
    return new Momentum(learningRate, gamma, true, 0, WeightDecay.COUPLED);
  }

  @Override
  FirstOrder copy(double rate, double decay, WeightDecay form) {
    return new Momentum(rate, gamma, nesterov, decay, form);
  }

  @Override
  String settings() {
    return ", gamma=" + gamma;
  }

  @Override
  public State start(List<Parameter> parameters) {
    List<Parameter> ps = SecondOrder.checkParameters(rule, parameters);
    double[][] m = new double[ps.size()][];
    for (int i = 0; i < ps.size(); i++) {
      m[i] = new double[ps.get(i).shape().size()];
    }
    return new State() {
      private long steps;

      @Override
      public Objective.Evaluation step(Objective f, double lr) {
        checkNotNull(f, "%s: step: objective is null", rule);
        double[][] w = new double[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
          w[i] = ps.get(i).value().toArray();
        }
        Objective.Evaluation e;
        if (nesterov) {
          for (int i = 0; i < ps.size(); i++) {
            double[] ahead = w[i].clone();
            for (int k = 0; k < ahead.length; k++) {
              ahead[k] -= gamma * m[i][k];
            }
            Vectors.set(rule, ps.get(i), ahead);
          }
          try {
            e = SecondOrder.evaluate(rule, f, ps);
          } finally {
            for (int i = 0; i < ps.size(); i++) {
              ps.get(i).set(Tensor.of(ps.get(i).shape(), w[i]));
            }
          }
        } else {
          e = SecondOrder.evaluate(rule, f, ps);
        }
        double coupled = form == WeightDecay.COUPLED ? decay : 0;
        double shrink = form == WeightDecay.DECOUPLED ? lr * decay : 0;
        for (int i = 0; i < ps.size(); i++) {
          double[] g = e.gradients().get(i).array();
          double[] wi = w[i];
          for (int k = 0; k < wi.length; k++) {
            m[i][k] = gamma * m[i][k] + lr * (g[k] + coupled * wi[k]);
            wi[k] -= m[i][k] + shrink * wi[k];
          }
          Vectors.set(rule, ps.get(i), wi);
        }
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
