package dev.autodiff.core.ops;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.kernels.UnaryFunction;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Elementwise functions of one argument. Each row names its kernel function (the loop that computes it), its
 * LaTeX form, its domain and kinks, and holds its derivative, written with nodes in the vocabulary {@code grad}
 * (the adjoint of the result), {@code x} (the input) and {@code result}.
 */
public enum Unary implements Op {
  NEG(UnaryFunction.NEG, "-", Domain.ANY, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.neg();
    }

    @Override public Algebra algebra() {
      return Algebra.NEGATION;
    }

    @Override public Notation notation() {
      return Notation.prefix("-", "-");
    }
  },
  EXP(UnaryFunction.EXP, "\\exp", Domain.BOUNDED, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(result);
    }

    @Override public Notation notation() {
      return super.notation().withLatexTemplate(Notation.POWER_PRECEDENCE, "e^{#0}");
    }
  },
  LOG(UnaryFunction.LOG, "\\log", Domain.POSITIVE, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.div(x);
    }
  },
  SQRT(UnaryFunction.SQRT, "\\sqrt", Domain.POSITIVE, Kink.NONE) {
    // NOTE: infinite at 0, as the math (and PyTorch) say.
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.div(result.times(2));
    }

    @Override public Notation notation() {
      return super.notation().withLatexTemplate(Notation.ATOM, "\\sqrt{#0}");
    }
  },
  ABS(UnaryFunction.ABS, "\\operatorname{abs}", Domain.ANY, Kink.AT_ZERO) {
    // NOTE: subgradient sign(0) = 0 at x == 0, the same convention as PyTorch.
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.sign());
    }

    @Override public Notation notation() {
      return super.notation().withLatexTemplate(Notation.ATOM, "\\left|#0\\right|");
    }
  },
  SIGN(UnaryFunction.SIGN, "\\operatorname{sign}", Domain.ANY, Kink.AT_ZERO) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return null;
    }
  },
  TANH(UnaryFunction.TANH, "\\tanh", Domain.ANY, Kink.NONE) {
    // tanh x = 2 sigma(2x) - 1, so tanh' = 4 sigma(2x) sigma(-2x), exact to a few ulps everywhere; 1 - tanh^2 is 0
    // for |x| >= 19.1, where tanh rounds to 1 (tanh'(20) is 1.7e-17).
    @Override Node derivative(Node grad, Node x, Node result) {
      Node twice = x.times(2);
      return grad.times(twice.sigmoid().times(twice.neg().sigmoid()).times(4));
    }
  },
  /** The logistic function {@code 1 / (1 + e^-x)}; a primitive so that it neither overflows nor loses precision. */
  SIGMOID(UnaryFunction.SIGMOID, "\\sigma", Domain.ANY, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      // sigma(x) sigma(-x) rather than sigma(x) (1 - sigma(x)): for large x, 1 - sigma(x) cancels to a few digits
      // (at x = 30 it is off by 1e-3 relative); sigma(-x) is computed to full precision.
      return grad.times(result.times(x.neg().sigmoid()));
    }
  },
  RELU(UnaryFunction.RELU, "\\operatorname{relu}", Domain.ANY, Kink.AT_ZERO) {
    // NOTE: derivative step(x), which is 0 at x == 0, the same convention as PyTorch.
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.step());
    }
  },
  /** Heaviside step {@code [x > 0]}: 0 at 0, as in the McCulloch–Pitts neuron. */
  STEP(UnaryFunction.STEP, "\\operatorname{step}", Domain.ANY, Kink.AT_ZERO) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return null;
    }
  },
  /** {@code log(1 + e^x)}; a primitive because the naive composite overflows for large {@code x}. */
  SOFTPLUS(UnaryFunction.SOFTPLUS, "\\operatorname{softplus}", Domain.ANY, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.sigmoid());
    }
  },
  SIN(UnaryFunction.SIN, "\\sin", Domain.ANY, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.cos());
    }
  },
  COS(UnaryFunction.COS, "\\cos", Domain.ANY, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.sin()).neg();
    }
  },
  /** {@code log(1 + x)}; a primitive because {@code log(1 + x)} loses the digits of a small {@code x}. */
  LOG1P(UnaryFunction.LOG1P, "\\operatorname{log1p}", Domain.POSITIVE, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.div(x.plus(1));
    }
  },
  /** {@code e^x - 1}; a primitive because {@code exp(x) - 1} cancels for a small {@code x}. */
  EXPM1(UnaryFunction.EXPM1, "\\operatorname{expm1}", Domain.BOUNDED, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.exp());
    }
  },
  /** The error function; a primitive because it has no closed form in the other ops. */
  ERF(UnaryFunction.ERF, "\\operatorname{erf}", Domain.ANY, Kink.NONE) {
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.square().neg().exp().times(TWO_OVER_SQRT_PI));
    }
  };

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

  private final UnaryFunction function;
  private final String latex;
  private final Domain domain;
  private final Kink kink;

  Unary(UnaryFunction function, String latex, Domain domain, Kink kink) {
    this.function = function;
    this.latex = latex;
    this.domain = domain;
    this.kink = kink;
  }

  /** The adjoint of the input, or {@code null} where the derivative is zero. */
  abstract Node derivative(Node grad, Node x, Node result);

  /** The kernel function this op computes. */
  public UnaryFunction function() {
    return function;
  }

  @Override
  public boolean elementwise() {
    return true;
  }

  @Override
  public String opName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public Notation notation() {
    return Notation.function(opName()).withLatex(latex);
  }

  @Override
  public Domain domain(int input) {
    return domain;
  }

  @Override
  public Kink kink() {
    return kink;
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity(opName(), inputs, 1);
    return inputs.get(0);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.elementwise().map(function, in[0], out, out.length);
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {derivative(grad, result.input(0), result)};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    Node x = inputs.get(0);
    // --x is x exactly. NOTE: log(exp(x)) is not rewritten to x: the two differ where exp overflows (x = 1000 gives
    // Infinity, not 1000), and the simplifier only makes rewrites that keep every value.
    return this == NEG && x.op() == NEG ? x.input(0) : null;
  }
}
