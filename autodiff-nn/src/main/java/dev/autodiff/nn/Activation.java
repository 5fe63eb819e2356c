package dev.autodiff.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.autodiff.core.Require.checkNotNull;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Axis;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * An activation function applied elementwise to a layer's weighted sums {@code S} (softmax: along each row, one row
 * per sample). Each one is built from core ops, so it needs no derivative code of its own. {@link #spec()} names it
 * with its parameters and {@link #parse} reads that back, for saved models.
 *
 * @param spec the name with parameters, e.g. {@code "sigmoid(2)"}
 * @param function the graph it builds
 */
public record Activation(String spec, UnaryOperator<Node> function) {
  public Activation {
    checkNotNull(spec, "activation: spec is null");
    checkNotNull(function, "activation: function is null");
  }

  /** Applies the activation to {@code s}. */
  public Node apply(Node s) {
    checkNotNull(s, "activation %s: input is null", spec);
    return function.apply(s);
  }

  /** The threshold (McCulloch–Pitts) step {@code [S > 0]}; its derivative is 0, so it does not train by gradient. */
  public static final Activation STEP = new Activation("step", Node::step);
  /** The logistic sigmoid {@code 1 / (1 + e^-S)}. */
  public static final Activation SIGMOID = new Activation("sigmoid", Node::sigmoid);
  /** The hyperbolic tangent. */
  public static final Activation TANH = new Activation("tanh", Node::tanh);
  /** {@code max(0, S)}. */
  public static final Activation RELU = new Activation("relu", Node::relu);
  /** {@code log(1 + e^S)}, computed without overflow. */
  public static final Activation SOFTPLUS = new Activation("softplus", Node::softplus);
  /** {@code S} unchanged. */
  public static final Activation IDENTITY = new Activation("identity", s -> s);
  /** Softmax along each row (each sample's outputs sum to 1), exact to a few ulps for any logits. */
  public static final Activation SOFTMAX = new Activation("softmax", s -> s.softmax(Axis.COLUMNS));
  /** Leaky ReLU with the usual slope 0.01. */
  public static final Activation LEAKY_RELU = leakyRelu(0.01);

  /** The sigmoid with temperature {@code lambda > 0}: {@code 1 / (1 + e^(-S / lambda))}. */
  public static Activation sigmoid(double lambda) {
    checkArgument(lambda > 0 && Double.isFinite(lambda), "sigmoid: temperature must be positive, got %s", lambda);
    return new Activation("sigmoid(" + num(lambda) + ")", s -> s.div(lambda).sigmoid());
  }

  /** Leaky ReLU: {@code S} for {@code S > 0}, else {@code slope * S}. */
  public static Activation leakyRelu(double slope) {
    checkArgument(Double.isFinite(slope), "leakyRelu: slope must be finite, got %s", slope);
    return new Activation("leaky_relu(" + num(slope) + ")", s -> s.leakyRelu(slope));
  }

  /** ELU: {@code S} for {@code S > 0}, else {@code alpha (e^S - 1)}. */
  public static Activation elu(double alpha) {
    checkArgument(alpha > 0 && Double.isFinite(alpha), "elu: alpha must be positive, got %s", alpha);
    return new Activation("elu(" + num(alpha) + ")", s -> s.elu(alpha));
  }

  /** Reads a {@link #spec()} back: {@code "relu"}, {@code "sigmoid(2)"}, {@code "leaky_relu(0.01)"}. */
  public static Activation parse(String spec) {
    checkNotNull(spec, "activation: spec is null");
    String s = spec.strip().toLowerCase(Locale.ROOT);
    int open = s.indexOf('(');
    String name = open < 0 ? s : s.substring(0, open);
    Double arg = null;
    if (open >= 0) {
      checkArgument(s.endsWith(")"), "activation: cannot read '%s'", spec);
      try {
        arg = Double.parseDouble(s.substring(open + 1, s.length() - 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("activation: cannot read the parameter of '" + spec + "'", e);
      }
    }
    switch (name) {
      case "step": return noArg(STEP, arg, spec);
      case "sigmoid": return arg == null ? SIGMOID : sigmoid(arg);
      case "tanh": return noArg(TANH, arg, spec);
      case "relu": return noArg(RELU, arg, spec);
      case "softplus": return noArg(SOFTPLUS, arg, spec);
      case "identity": return noArg(IDENTITY, arg, spec);
      case "softmax": return noArg(SOFTMAX, arg, spec);
      case "leaky_relu": return arg == null ? LEAKY_RELU : leakyRelu(arg);
      case "elu": return elu(arg == null ? 1.0 : arg);
      default: throw new IllegalArgumentException("activation: unknown activation '" + spec + "'");
    }
  }

  private static Activation noArg(Activation a, Double arg, String spec) {
    checkArgument(arg == null, "activation: %s takes no parameter, got '%s'", a.spec(), spec);
    return a;
  }

  /** Exact (round-trips through {@link #parse}), without a trailing {@code .0}. */
  private static String num(double v) {
    String s = Double.toString(v);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  @Override
  public String toString() {
    return spec;
  }
}
