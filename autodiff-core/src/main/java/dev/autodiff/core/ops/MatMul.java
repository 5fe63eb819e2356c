package dev.autodiff.core.ops;

import static com.google.common.base.Preconditions.checkArgument;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.graph.Step;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/**
 * Matrix product {@code C = A · B} of an {@code m x k} and a {@code k x n} matrix:
 * {@code C[i][j] = sum_p A[i][p] B[p][j]}. Adjoints: {@code grad · B^T} and {@code A^T · grad}.
 */
public enum MatMul implements Op {
  INSTANCE;

  @Override
  public String opName() {
    return "matmul";
  }

  @Override
  public Notation notation() {
    return Notation.infix("@", Notation.MULTIPLICATIVE, "");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("matmul", inputs, 2);
    Shape a = inputs.get(0);
    Shape b = inputs.get(1);
    checkArgument(!a.isScalar() && !b.isScalar(),
        "matmul: both inputs must be matrices (use times for scalars): %s · %s", a, b);
    checkArgument(a.cols() == b.rows(), "matmul: inner dimensions differ: %s · %s", a, b);
    return Shape.of(a.rows(), b.cols());
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    double[] a = in[0];
    double[] b = in[1];
    int m = inShapes[0].rows();
    int k = inShapes[0].cols();
    int n = inShapes[1].cols();
    Kernels.matmul().multiply(a, b, out, m, k, n);
  }

  /**
   * With fusion, a transposed input is read untransposed through the kernel's transpose flag: the graph's
   * {@code a.transpose().matmul(g)} (every matrix product's gradient has one) then costs no copy.
   */
  @Override
  public Step step(Node node, boolean fuse) {
    Node a = node.input(0);
    Node b = node.input(1);
    boolean ta = fuse && a.op() == Transpose.INSTANCE;
    boolean tb = fuse && b.op() == Transpose.INSTANCE;
    if (!ta && !tb) {
      return Step.forward(node);
    }
    List<Node> reads = List.of(ta ? a.input(0) : a, tb ? b.input(0) : b);
    int m = node.shape().rows();
    int k = a.shape().cols();
    int n = node.shape().cols();
    return Step.of(reads, (in, out) -> Kernels.matmul().gemm(ta, tb, in[0], in[1], out, m, k, n));
  }

  /**
   * unitFactor: a product with a 1x1 one is the other factor ({@code M@1 = M} for a column, {@code 1@M = M} for a row):
   * the seed {@code 1} of a scalar output's gradient enters every matrix product's VJP this way.
   */
  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    Node a = inputs.get(0);
    Node b = inputs.get(1);
    if (b.shape().size() == 1 && b.isConstant(1)) {
      return a;
    }
    return a.shape().size() == 1 && a.isConstant(1) ? b : null;
  }

  @Override
  public Algebra algebra() {
    return Algebra.PRODUCT;
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    Node a = result.input(0);
    Node b = result.input(1);
    return new Node[] {
      needed[0] ? grad.matmul(b.transpose()) : null,
      needed[1] ? a.transpose().matmul(grad) : null
    };
  }
}
