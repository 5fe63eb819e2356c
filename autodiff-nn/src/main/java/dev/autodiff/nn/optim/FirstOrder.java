package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Parameter;
import java.util.List;

/**
 * What the gradient rules share: a base learning rate and weight decay in either form (see {@link WeightDecay}),
 * immutable, and the per-run state of an elementwise rule: one evaluation per step, then each parameter's new
 * weights computed from the old ones, the gradient and the rule's per-element arrays, one tight loop per parameter
 * (read without copies, written through {@link Parameter#update} into storage the parameter recycles).
 */
abstract class FirstOrder implements Optimizer, java.io.Serializable {
  final String rule;
  final double rate;
  final double decay;
  final WeightDecay form;

  FirstOrder(String rule, double rate, double decay, WeightDecay form) {
    SecondOrder.checkRates(rule, rate, decay);
    this.rule = rule;
    this.rate = rate;
    this.decay = decay;
    this.form = checkNotNull(form, "%s: weight decay form is null", rule);
  }

  abstract FirstOrder copy(double rate, double decay, WeightDecay form);

  /** The rule's own hyper-parameters for {@link #name()}, e.g. {@code ", beta1=0.9, beta2=0.999"}. */
  abstract String settings();

  @Override
  public final double learningRate() {
    return rate;
  }

  @Override
  public final Optimizer withLearningRate(double r) {
    return copy(r, decay, form);
  }

  @Override
  public final Optimizer withWeightDecay(double lambda, WeightDecay f) {
    return copy(rate, lambda, checkNotNull(f, "%s: weight decay form is null", rule));
  }

  @Override
  public String name() {
    String d = decay == 0 ? "" : form == WeightDecay.COUPLED ? ", weight_decay=" + decay
        : ", decoupled_weight_decay=" + decay;
    return rule + "(lr=" + rate + settings() + d + ")";
  }

  @Override
  public String toString() {
    return name();
  }

  /** A rule whose update is elementwise, with {@link #arrays()} per-element state arrays per parameter. */
  abstract static class Elementwise extends FirstOrder {
    Elementwise(String rule, double rate, double decay, WeightDecay form) {
      super(rule, rate, decay, form);
    }

    /** How many per-element arrays the rule keeps per parameter (Adam: 2, m and v). */
    abstract int arrays();

    /**
     * Writes the new weights into {@code out} from the old {@code w}, the gradient {@code g} (weight decay already
     * folded in when coupled), the state arrays {@code s}, the rate and the step number {@code t} (from 1).
     */
    abstract void update(double[] w, double[] g, double[][] s, double lr, long t, double[] out);

    @Override
    public final State start(List<Parameter> parameters) {
      List<Parameter> ps = SecondOrder.checkParameters(rule, parameters);
      double[][][] state = new double[ps.size()][arrays()][];
      for (int i = 0; i < ps.size(); i++) {
        for (int a = 0; a < arrays(); a++) {
          state[i][a] = new double[ps.get(i).shape().size()];
        }
      }
      return new State() {
        private long steps;

        @Override
        public Objective.Evaluation step(Objective f, double lr) {
          Objective.Evaluation e = SecondOrder.evaluate(rule, f, ps);
          checkArgument(lr > 0 && Double.isFinite(lr), "%s: learning rate must be positive and finite, got %s", rule,
              lr);
          long t = ++steps;
          double coupled = form == WeightDecay.COUPLED ? decay : 0;
          double shrink = form == WeightDecay.DECOUPLED ? lr * decay : 0;
          for (int i = 0; i < ps.size(); i++) {
            double[] g = e.gradients().get(i).array();
            double[][] s = state[i];
            ps.get(i).update((w, next) -> {
              if (coupled != 0) {
                for (int k = 0; k < g.length; k++) {
                  g[k] += coupled * w[k];
                }
              }
              update(w, g, s, lr, t, next);
              if (shrink != 0) {
                for (int k = 0; k < next.length; k++) {
                  next[k] -= shrink * w[k];
                }
              }
            });
          }
          return e;
        }

        @Override
        public long steps() {
          return steps;
        }

        @Override
        public boolean keepsGradients() {
          return false;  // each gradient is read once, in step()
        }

        @Override
        public boolean stepsByUpdate() {
          return true;
        }
      };
    }
  }
}
