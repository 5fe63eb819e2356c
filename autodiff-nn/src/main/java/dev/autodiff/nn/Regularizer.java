package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A weight penalty added to the training loss. {@code l2(lambda)} is the lecture's
 * {@code lambda/2 (||W||^2 + ||b||^2)}; {@link #withoutBiases()} leaves the biases out. Activity and contractive
 * penalties act on representations, not weights: they are layers ({@link Layers#activityL1},
 * {@link Layers#contractive}).
 *
 * @param name the name with its parameters
 * @param l1 the weight of {@code sum |w|}
 * @param l2 the weight of {@code 1/2 sum w^2}
 * @param includeBiases whether biases are penalized too
 */
public record Regularizer(String name, double l1, double l2, boolean includeBiases) implements java.io.Serializable {
  public Regularizer {
    checkNotNull(name, "regularizer: name is null");
    checkArgument(l1 >= 0 && l2 >= 0 && Double.isFinite(l1) && Double.isFinite(l2),
        "regularizer %s: weights must be finite and >= 0, got l1 = %s, l2 = %s", name, l1, l2);
  }

  /** {@code lambda sum |w|} over weights and biases. */
  public static Regularizer l1(double lambda) {
    return new Regularizer("l1(" + lambda + ")", lambda, 0, true);
  }

  /** {@code lambda/2 (||W||^2 + ||b||^2)}, the lecture's form. */
  public static Regularizer l2(double lambda) {
    return new Regularizer("l2(" + lambda + ")", 0, lambda, true);
  }

  /** Elastic net: {@code l1 sum |w| + l2/2 sum w^2}. */
  public static Regularizer elasticNet(double l1, double l2) {
    return new Regularizer("elastic_net(" + l1 + ", " + l2 + ")", l1, l2, true);
  }

  /** The same penalty on weights only. */
  public Regularizer withoutBiases() {
    return new Regularizer(name + " without biases", l1, l2, false);
  }

  /** The parameters this penalty applies to. */
  public List<Parameter> penalized(Layer network) {
    checkNotNull(network, "%s: network is null", name);
    Set<Parameter> biases = new HashSet<>(network.biases());
    List<Parameter> out = new ArrayList<>();
    for (Parameter p : network.parameters()) {
      if (includeBiases || !biases.contains(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The penalty as a scalar node: the constant 0 when nothing is penalized, null for a network without parameters. */
  public Node penalty(Layer network) {
    checkNotNull(network, "regularizer %s: network is null", name);
    Node total = null;
    for (Parameter p : penalized(network)) {
      Node term = null;
      if (l1 > 0) {
        term = p.abs().sum().times(l1);
      }
      if (l2 > 0) {
        Node sq = p.sumOfSquares().times(l2 / 2);
        term = term == null ? sq : term.plus(sq);
      }
      if (term != null) {
        total = total == null ? term : total.plus(term);
      }
    }
    return total != null ? total : network.parameters().isEmpty() ? null : network.parameters().get(0).graph()
        .constant(0.0);
  }
}
