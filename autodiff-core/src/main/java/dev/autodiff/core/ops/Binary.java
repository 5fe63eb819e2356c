package dev.autodiff.core.ops;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.BinaryFunction;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Elementwise functions of two arguments, with broadcasting (see {@link Shape}). Each row names its kernel function
 * (the enum constant of {@link BinaryFunction} with the same name) and notation, and holds the adjoints of both inputs, written with nodes: {@code grad}, {@code a}, {@code b}, {@code result}. Adjoints
 * come back in the broadcast shape; the gradient engine sums them down to each input's shape.
 */
public enum Binary implements Op {
  ADD("add", Notation.infix("+", Notation.ADDITIVE, "+")) {
    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      return new Node[] {grad, grad};
    }

    @Override public Algebra algebra() {
      return Algebra.SUM;
    }
  },
  SUB("sub", Notation.infix("-", Notation.ADDITIVE, "-")) {
    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      return new Node[] {grad, grad.neg()};
    }

    @Override public Algebra algebra() {
      return Algebra.DIFFERENCE;
    }
  },
  MUL("mul", Notation.infix("*", Notation.MULTIPLICATIVE, "\\cdot")) {
    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      return new Node[] {grad.times(b), grad.times(a)};
    }

    @Override public Algebra algebra() {
      return Algebra.ELEMENT_PRODUCT;
    }
  },
  DIV("div", Notation.infix("/", Notation.MULTIPLICATIVE, "/").withLatexTemplate(Notation.ATOM, "\\frac{#0}{#1}")) {
    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      // d(a/b)/db = -(a/b)/b: written as -(grad*result)/b so that with grad = 1 it prints as -(c/b).
      return new Node[] {grad.div(b), grad.times(result).div(b).neg()};
    }

    @Override public Algebra algebra() {
      return Algebra.QUOTIENT;
    }
  },
  /** Elementwise maximum. NOTE: at ties each input gets half the gradient, the same convention as PyTorch. */
  MAX("max", Notation.function("max").withLatex("\\max")) {
    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      Node half = a.eq(b).times(0.5);
      return new Node[] {grad.times(a.gt(b).plus(half)), grad.times(b.gt(a).plus(half))};
    }
  },
  /** Elementwise minimum. NOTE: at ties each input gets half the gradient, the same convention as PyTorch. */
  MIN("min", Notation.function("min").withLatex("\\min")) {
    @Override Node[] derivatives(Node grad, Node a, Node b, Node result) {
      Node half = a.eq(b).times(0.5);
      return new Node[] {grad.times(a.lt(b).plus(half)), grad.times(b.lt(a).plus(half))};
    }
  },
  GT("gt", comparison(">")) {},
  GE("ge", comparison(">=")) {},
  LT("lt", comparison("<")) {},
  LE("le", comparison("<=")) {},
  EQ("eq", comparison("==")) {};

  private final String opName;
  private final Notation notation;
  private final BinaryFunction function;

  Binary(String opName, Notation notation) {
    this.opName = opName;
    this.notation = notation;
    this.function = BinaryFunction.valueOf(name());
  }

  private static Notation comparison(String symbol) {
    return Notation.infix(symbol, Notation.COMPARISON, symbol);
  }

  /** The kernel function this op computes. */
  public BinaryFunction function() {
    return function;
  }

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
    Kernels.elementwise().zip(function, in[0], inShapes[0], in[1], inShapes[1], out, outShape);
  }

  @Override
  public Domain domain(int input) {
    return this == DIV && input == 1 ? Domain.POSITIVE : Domain.ANY;
  }

  @Override
  public Kink kink() {
    return this == ADD || this == SUB || this == MUL || this == DIV ? Kink.NONE : Kink.AT_EQUAL_INPUTS;
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
