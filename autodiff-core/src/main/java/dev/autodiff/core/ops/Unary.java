package dev.autodiff.core.ops;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Elementwise functions of one argument. Each row holds the function and its derivative, written with nodes in
 * the vocabulary {@code grad} (the adjoint of the result), {@code x} (the input) and {@code result}.
 */
public enum Unary implements Op {
  NEG("neg", "-") {
    @Override double apply(double x) {
      return -x;
    }

    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.neg();
    }

    @Override public Notation notation() {
      return Notation.prefix("-", "-");
    }
  },
  EXP("exp", "\\exp") {
    @Override double apply(double x) {
      return Math.exp(x);
    }

    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(result);
    }
  },
  LOG("log", "\\log") {
    @Override double apply(double x) {
      return Math.log(x);
    }

    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.div(x);
    }
  },
  SQRT("sqrt", "\\sqrt") {
    @Override double apply(double x) {
      return Math.sqrt(x);
    }

    // NOTE: infinite at 0, as the math (and PyTorch) say.
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.div(result.times(2));
    }
  },
  ABS("abs", "\\operatorname{abs}") {
    @Override double apply(double x) {
      return Math.abs(x);
    }

    // NOTE: subgradient sign(0) = 0 at x == 0, the same convention as PyTorch.
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.sign());
    }
  },
  SIGN("sign", "\\operatorname{sign}") {
    @Override double apply(double x) {
      return Math.signum(x);
    }

    @Override Node derivative(Node grad, Node x, Node result) {
      return null;
    }
  },
  TANH("tanh", "\\tanh") {
    @Override double apply(double x) {
      return Math.tanh(x);
    }

    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(result.square().rminus(1));
    }
  },
  /** The logistic function {@code 1 / (1 + e^-x)}; a primitive so that it neither overflows nor loses precision. */
  SIGMOID("sigmoid", "\\sigma") {
    @Override double apply(double x) {
      if (x >= 0) {
        return 1.0 / (1.0 + Math.exp(-x));
      }
      double e = Math.exp(x);
      return e / (1.0 + e);
    }

    @Override Node derivative(Node grad, Node x, Node result) {
      // sigma(x) sigma(-x) rather than sigma(x) (1 - sigma(x)): for large x, 1 - sigma(x) cancels to a few digits
      // (at x = 30 it is off by 1e-3 relative); sigma(-x) is computed to full precision.
      return grad.times(result.times(x.neg().sigmoid()));
    }
  },
  RELU("relu", "\\operatorname{relu}") {
    @Override double apply(double x) {
      return x > 0 ? x : (x == x ? 0.0 : x);
    }

    // NOTE: derivative step(x), which is 0 at x == 0, the same convention as PyTorch.
    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.step());
    }
  },
  /** Heaviside step {@code [x > 0]}: 0 at 0, as in the McCulloch–Pitts neuron. */
  STEP("step", "\\operatorname{step}") {
    @Override double apply(double x) {
      return x > 0 ? 1.0 : (x == x ? 0.0 : x);
    }

    @Override Node derivative(Node grad, Node x, Node result) {
      return null;
    }
  },
  /**
   * {@code log(1 + e^x)}; a primitive because the naive composite overflows for large {@code x}: computed as
   * {@code max(x, 0) + log1p(e^-|x|)}.
   */
  SOFTPLUS("softplus", "\\operatorname{softplus}") {
    @Override double apply(double x) {
      return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    @Override Node derivative(Node grad, Node x, Node result) {
      return grad.times(x.sigmoid());
    }
  };

  private final String opName;
  private final String latex;

  Unary(String opName, String latex) {
    this.opName = opName;
    this.latex = latex;
  }

  /** The function at one point. */
  abstract double apply(double x);

  /** The adjoint of the input, or {@code null} where the derivative is zero. */
  abstract Node derivative(Node grad, Node x, Node result);

  @Override
  public boolean elementwise() {
    return true;
  }

  @Override
  public String opName() {
    return opName;
  }

  @Override
  public Notation notation() {
    return Notation.function(opName).withLatex(latex);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity(opName, inputs, 1);
    return inputs.get(0);
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    double[] x = in[0];
    // The hottest functions get loops of their own: a call to apply() from this shared loop is megamorphic, so the
    // JIT could neither inline it nor vectorise the loop.
    switch (this) {
      case RELU -> {
        // branch-free (half the signs of a layer's inputs are random: a branch would be mispredicted half the
        // time); max keeps NaN and turns -0 into 0, as apply() does
        for (int i = 0; i < out.length; i++) {
          out[i] = Math.max(x[i], 0.0);
        }
      }
      case STEP -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Math.max(Math.signum(x[i]), 0.0);
        }
      }
      case NEG -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = -x[i];
        }
      }
      case EXP -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Math.exp(x[i]);
        }
      }
      case TANH -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = Math.tanh(x[i]);
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = SIGMOID.apply(x[i]);
        }
      }
      default -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = apply(x[i]);
        }
      }
    }
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {derivative(grad, result.input(0), result)};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    Node x = inputs.get(0);
    if (this == NEG && x.op() == NEG) {
      return x.input(0);
    }
    if (this == LOG && x.op() == EXP) {
      return x.input(0);
    }
    return null;
  }
}
