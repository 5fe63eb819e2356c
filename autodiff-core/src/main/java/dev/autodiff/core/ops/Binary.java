package dev.autodiff.core.ops;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Elementwise functions of two arguments, with broadcasting (see {@link Shape}). Each row holds the function and
 * the adjoints of both inputs, written with nodes: {@code grad}, {@code a}, {@code b}, {@code result}. Adjoints
 * come back in the broadcast shape; the gradient engine sums them down to each input's shape.
 */
public enum Binary implements Op {
  ADD("add", Notation.infix("+", Notation.ADDITIVE, "+")) {
    @Override double apply(double a, double b) {
      return a + b;
    }

    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      return new Node[] {grad, grad};
    }
  },
  SUB("sub", Notation.infix("-", Notation.ADDITIVE, "-")) {
    @Override double apply(double a, double b) {
      return a - b;
    }

    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      return new Node[] {grad, grad.neg()};
    }
  },
  MUL("mul", Notation.infix("*", Notation.MULTIPLICATIVE, "\\cdot")) {
    @Override double apply(double a, double b) {
      return a * b;
    }

    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      return new Node[] {grad.times(b), grad.times(a)};
    }
  },
  DIV("div", Notation.infix("/", Notation.MULTIPLICATIVE, "/")) {
    @Override double apply(double a, double b) {
      return a / b;
    }

    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      // d(a/b)/db = -(a/b)/b: written as -(grad*result)/b so that with grad = 1 it prints as -(c/b).
      return new Node[] {grad.div(b), grad.times(result).div(b).neg()};
    }
  },
  /** Elementwise maximum. NOTE: at ties each input gets half the gradient, the same convention as PyTorch. */
  MAX("max", Notation.function("max").withLatex("\\max")) {
    @Override double apply(double a, double b) {
      return Math.max(a, b);
    }

    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      Node half = a.eq(b).times(0.5);
      return new Node[] {grad.times(a.gt(b).plus(half)), grad.times(b.gt(a).plus(half))};
    }
  },
  /** Elementwise minimum. NOTE: at ties each input gets half the gradient, the same convention as PyTorch. */
  MIN("min", Notation.function("min").withLatex("\\min")) {
    @Override double apply(double a, double b) {
      return Math.min(a, b);
    }

    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      Node half = a.eq(b).times(0.5);
      return new Node[] {grad.times(a.lt(b).plus(half)), grad.times(b.lt(a).plus(half))};
    }
  },
  GT("gt", comparison(">")) {
    @Override double apply(double a, double b) {
      return a > b ? 1 : 0;
    }
  },
  GE("ge", comparison(">=")) {
    @Override double apply(double a, double b) {
      return a >= b ? 1 : 0;
    }
  },
  LT("lt", comparison("<")) {
    @Override double apply(double a, double b) {
      return a < b ? 1 : 0;
    }
  },
  LE("le", comparison("<=")) {
    @Override double apply(double a, double b) {
      return a <= b ? 1 : 0;
    }
  },
  EQ("eq", comparison("==")) {
    @Override double apply(double a, double b) {
      return a == b ? 1 : 0;
    }
  };

  private final String opName;
  private final Notation notation;

  Binary(String opName, Notation notation) {
    this.opName = opName;
    this.notation = notation;
  }

  private static Notation comparison(String symbol) {
    return Notation.infix(symbol, 0, symbol);
  }

  /** The function at one point. */
  abstract double apply(double a, double b);

  /** The adjoints of both inputs (in the broadcast shape), {@code null} where zero; comparisons have none. */
  Node[] derivatives(Node grad, Node a, Node b, Node result) {
    return new Node[] {null, null};
  }

  @Override
  public String opName() {
    return opName;
  }

  @Override
  public Notation notation() {
    return notation;
  }

  @Override
  public boolean elementwise() {
    return true;
  }

  @Override
  public boolean commutative() {
    return this == ADD || this == MUL || this == MAX || this == MIN || this == EQ;
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity(opName, inputs, 2);
    return Shape.broadcast(opName, inputs.get(0), inputs.get(1));
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    double[] a = in[0];
    double[] b = in[1];
    if (a.length == out.length && b.length == out.length) {
      segment(a, 0, 1, b, 0, 1, out, 0, out.length);
    } else if (b.length == 1 && a.length == out.length) {
      segment(a, 0, 1, b, 0, 0, out, 0, out.length);
    } else if (a.length == 1 && b.length == out.length) {
      segment(a, 0, 0, b, 0, 1, out, 0, out.length);
    } else {
      int ar = inShapes[0].broadcastRowStride();
      int ac = inShapes[0].broadcastColStride();
      int br = inShapes[1].broadcastRowStride();
      int bc = inShapes[1].broadcastColStride();
      int cols = outShape.cols();
      for (int r = 0; r < outShape.rows(); r++) {
        segment(a, r * ar, ac, b, r * br, bc, out, r * cols, cols);
      }
    }
  }

  /**
   * {@code out[o + k] = apply(a[ai + k as], b[bi + k bs])} for {@code k < len}, strides 0 (broadcast) or 1. The
   * arithmetic ops get loops of their own (a call to apply() from a shared loop is megamorphic: not inlined, not
   * vectorised).
   */
  private void segment(double[] a, int ai, int as, double[] b, int bi, int bs, double[] out, int o, int len) {
    if (as == 1 && bs == 1) {
      switch (this) {
        case ADD -> {
          for (int k = 0; k < len; k++) {
            out[o + k] = a[ai + k] + b[bi + k];
          }
        }
        case SUB -> {
          for (int k = 0; k < len; k++) {
            out[o + k] = a[ai + k] - b[bi + k];
          }
        }
        case MUL -> {
          for (int k = 0; k < len; k++) {
            out[o + k] = a[ai + k] * b[bi + k];
          }
        }
        case DIV -> {
          for (int k = 0; k < len; k++) {
            out[o + k] = a[ai + k] / b[bi + k];
          }
        }
        default -> {
          for (int k = 0; k < len; k++) {
            out[o + k] = apply(a[ai + k], b[bi + k]);
          }
        }
      }
    } else if (as == 1 && bs == 0) {
      double bv = b[bi];
      switch (this) {
        case ADD -> {
          for (int k = 0; k < len; k++) {
            out[o + k] = a[ai + k] + bv;
          }
        }
        case MUL -> {
          for (int k = 0; k < len; k++) {
            out[o + k] = a[ai + k] * bv;
          }
        }
        default -> {
          for (int k = 0; k < len; k++) {
            out[o + k] = apply(a[ai + k], bv);
          }
        }
      }
    } else if (as == 0 && bs == 1) {
      double av = a[ai];
      for (int k = 0; k < len; k++) {
        out[o + k] = apply(av, b[bi + k]);
      }
    } else {
      for (int k = 0; k < len; k++) {
        out[o + k] = apply(a[ai + k * as], b[bi + k * bs]);
      }
    }
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return derivatives(grad, result.input(0), result.input(1), result);
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    Node a = inputs.get(0);
    Node b = inputs.get(1);
    boolean aKeeps = a.shape().equals(shape);
    boolean bKeeps = b.shape().equals(shape);
    switch (this) {
      case ADD:
        if (b.isConstant(0) && aKeeps) {
          return a;
        }
        if (a.isConstant(0) && bKeeps) {
          return b;
        }
        if (b.op() == Unary.NEG) {
          return a.minus(b.input(0));
        }
        if (a.op() == Unary.NEG) {
          return b.minus(a.input(0));
        }
        return null;
      case SUB:
        if (b.isConstant(0) && aKeeps) {
          return a;
        }
        if (a.isConstant(0) && bKeeps) {
          return b.neg();
        }
        if (b.op() == Unary.NEG) {
          return a.plus(b.input(0));
        }
        return null;
      case MUL:
        if (b.isConstant(1) && aKeeps) {
          return a;
        }
        if (a.isConstant(1) && bKeeps) {
          return b;
        }
        if (b.isConstant(-1) && aKeeps) {
          return a.neg();
        }
        if (a.isConstant(-1) && bKeeps) {
          return b.neg();
        }
        return null;
      case DIV:
        if (b.isConstant(1) && aKeeps) {
          return a;
        }
        return null;
      default:
        return null;
    }
  }
}
