package dev.autodiff.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Parameter;
import java.util.List;

/**
 * What Newton's method and L-BFGS share: a step length to try first ({@code learningRate}, usually 1), coupled
 * weight decay only (decoupled decay is not defined for them), and a check that the objective has the parameters
 * the state was started with.
 */
abstract class SecondOrder implements Optimizer {
  final String rule;
  final double rate;
  final double decay;

  SecondOrder(String rule, double rate, double decay) {
    checkRates(rule, rate, decay);
    this.rule = rule;
    this.rate = rate;
    this.decay = decay;
  }

  abstract SecondOrder copy(double rate, double decay);

  @Override
  public final double learningRate() {
    return rate;
  }

  @Override
  public final Optimizer withLearningRate(double r) {
    return copy(r, decay);
  }

  @Override
  public final Optimizer withWeightDecay(double lambda, WeightDecay form) {
    checkNotNull(form, "%s: weight decay form is null", rule);
    checkArgument(form == WeightDecay.COUPLED || lambda == 0, "%s: decoupled weight decay is not defined for a "
        + "second-order rule; use WeightDecay.COUPLED (an L2 term in its objective)", rule);
    return copy(rate, lambda);
  }

  String decayName() {
    return decay > 0 ? ", weight_decay=" + decay : "";
  }

  @Override
  public String toString() {
    return name();
  }

  /** A rule's base rate and weight decay, checked (every rule's constructor). */
  static void checkRates(String rule, double rate, double decay) {
    checkArgument(rate > 0 && Double.isFinite(rate), "%s: learning rate must be positive and finite, got %s", rule,
        rate);
    checkArgument(decay >= 0 && Double.isFinite(decay), "%s: weight decay must be >= 0 and finite, got %s", rule,
        decay);
  }

  static List<Parameter> checkParameters(String rule, List<Parameter> ps) {
    checkNotNull(ps, "%s: parameters are null", rule);
    checkArgument(ps.stream().noneMatch(java.util.Objects::isNull), "%s: a parameter is null", rule);
    return List.copyOf(ps);
  }

  static Objective.Evaluation evaluate(String rule, Objective f, List<Parameter> ps) {
    checkNotNull(f, "%s: step: objective is null", rule);
    checkArgument(f.parameters().equals(ps), "%s: the objective's parameters are not the ones this state started with",
        rule);
    Objective.Evaluation e = f.evaluate();
    checkArgument(e.gradients().size() == ps.size(), "%s: %s gradients for %s parameters", rule,
        e.gradients().size(), ps.size());
    return e;
  }
}
