package dev.autodiff.core.ops;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Notation;
import dev.autodiff.core.graph.Op;
import dev.autodiff.core.kernels.Kernels;
import dev.autodiff.core.tensor.Shape;
import java.util.List;

/** Matrix transpose {@code B[j][i] = A[i][j]}; a scalar is its own transpose. Adjoint: {@code grad^T}. */
public enum Transpose implements Op {
  INSTANCE;

  @Override
  public String opName() {
    return "transpose";
  }

  @Override
  public Notation notation() {
    return Notation.power("T").withLatexTemplate(Notation.POWER_PRECEDENCE, "#!0^{\\top}");
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Checks.arity("transpose", inputs, 1);
    return inputs.get(0).transpose();
  }

  @Override
  public void forward(double[][] in, Shape[] inShapes, double[] out, Shape outShape) {
    Kernels.elementwise().transpose(in[0], inShapes[0].rows(), inShapes[0].cols(), out);
  }

  @Override
  public Algebra algebra() {
    return Algebra.TRANSPOSE;
  }

  @Override
  public Node[] vjp(Node grad, Node result, boolean[] needed) {
    return new Node[] {grad.transpose()};
  }

  @Override
  public Node simplify(Graph graph, List<Node> inputs, Shape shape) {
    Node x = inputs.get(0);
    if (x.shape().isScalar()) {
      return x;
    }
    return x.op() == INSTANCE ? x.input(0) : null;
  }
}
