package dev.autodiff.core.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.ops.Composites;
import dev.autodiff.core.tensor.Tensor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradients and Hessians of the matrix expressions of the lecture notes (matrix derivatives, linear and logistic
 * regression) and the seminar print as a textbook (and matrixcalculus.org) writes them, and each printed form
 * computes the value of the node it prints.
 */
class FormulaTableTest {
  private static final Graph G = Graph.create();
  private static final Node X_ = G.parameter("x", Tensor.column(1, -2));
  private static final Node Y = G.parameter("y", Tensor.column(0.5, 3));
  private static final Node W = G.parameter("w", Tensor.column(0.1, 0.2));
  private static final Node T = G.parameter("t", Tensor.column(1, -1, 2));
  private static final Node A = G.parameter("A", Tensor.matrix(2, 2, 1, 2, 3, 4));
  private static final Node B = G.parameter("B", Tensor.matrix(2, 2, 1, -2, 3, 5));
  private static final Node B2 = G.parameter("b", Tensor.column(1, 0.5));
  private static final Node XM = G.parameter("X", Tensor.matrix(3, 2, 1, 2, 3, -4, 5, 6));
  private static final Node WM = G.parameter("W", Tensor.matrix(2, 2, 1, 0.5, -1, 1));
  private static final Node V = G.parameter("V", Tensor.matrix(3, 2, 1, 0.5, -1, 1, 2, 0));

  static Stream<Arguments> rows() {
    Node xAx = X_.transpose().matmul(A).matmul(X_);
    Node ewx = W.transpose().matmul(X_).exp();
    Node axb = A.matmul(X_).plus(B2);
    Node xwt = XM.matmul(W).minus(T);
    Node c = G.constant(Tensor.matrix(2, 2, 2, 1, 1, 3));
    return Stream.of(
        row("d/dx x^T A x", () -> Gradients.grad(xAx, X_), "(A + A^T)@x", "\\left(A + A^{\\top}\\right) x"),
        row("hessian_x x^T A x", () -> Gradients.hessian(xAx, X_), "A + A^T", "A + A^{\\top}"),
        row("d/dA x^T A x", () -> Gradients.grad(xAx, A), "x@x^T", "x x^{\\top}"),
        row("d/dx ||A x + b||^2", () -> Gradients.grad(axb.square().sum(), X_), "2*A^T@(A@x + b)",
            "2 A^{\\top} \\left(A x + b\\right)"),
        row("d/db ||A x + b||^2", () -> Gradients.grad(axb.square().sum(), B2), "2*(A@x + b)",
            "2 \\left(A x + b\\right)"),
        row("d/dA tr(A B)", () -> Gradients.grad(Composites.trace(A.matmul(B)), A), "B^T", "B^{\\top}"),
        row("d/dW 1/2 ||X W||^2", () -> Gradients.grad(XM.matmul(WM).square().sum().times(0.5), WM), "X^T@(X@W)",
            "X^{\\top} \\left(X W\\right)"),
        row("d/dw e^{w^T x}", () -> Gradients.grad(ewx, W), "exp(w^T@x)*x", "e^{w^{\\top} x} x"),
        row("hessian_w e^{w^T x}", () -> Gradients.hessian(ewx, W), "exp(w^T@x)*x@x^T",
            "e^{w^{\\top} x} x x^{\\top}"),
        row("d/dx t^T X x", () -> Gradients.grad(T.transpose().matmul(XM).matmul(X_), X_), "X^T@t", "X^{\\top} t"),
        row("d/dx x^T x", () -> Gradients.grad(X_.transpose().matmul(X_), X_), "2*x", "2 x"),
        row("hessian_x 1/2 x^T x", () -> Gradients.hessian(X_.transpose().matmul(X_).times(0.5), X_),
            "[[1, 0], [0, 1]]", "\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}"),
        row("d/dx x^T C x, C constant", () -> Gradients.grad(X_.transpose().matmul(c).matmul(X_), X_),
            "2*[[2, 1], [1, 3]]@x", "2 \\begin{pmatrix} 2 & 1 \\\\ 1 & 3 \\end{pmatrix} x"),
        row("d/dy x^T A y", () -> Gradients.grad(X_.transpose().matmul(A).matmul(Y), Y), "A^T@x", "A^{\\top} x"),
        row("d/dx x^T A y", () -> Gradients.grad(X_.transpose().matmul(A).matmul(Y), X_), "A@y", "A y"),
        row("linear regression d/dw ||X w - t||^2", () -> Gradients.grad(xwt.square().sum(), W), "2*X^T@(X@w - t)",
            "2 X^{\\top} \\left(X w - t\\right)"),
        row("linear regression hessian_w ||X w - t||^2", () -> Gradients.hessian(xwt.square().sum(), W),
            "2*X^T@X", "2 X^{\\top} X"),
        row("hessian_x ||A x||^2", () -> Gradients.hessian(A.matmul(X_).square().sum(), X_), "2*A^T@A",
            "2 A^{\\top} A"),
        row("d/dV ||V x - t||^2", () -> Gradients.grad(V.matmul(X_).minus(T).square().sum(), V),
            "2*(V@x - t)@x^T", "2 \\left(V x - t\\right) x^{\\top}"),
        row("logistic regression d/dw sigma(w^T x)", () -> Gradients.grad(W.transpose().matmul(X_).sigmoid(), W),
            "sigmoid(w^T@x)*sigmoid(-w^T@x)*x", "\\sigma\\left(w^{\\top} x\\right) \\sigma\\left(-w^{\\top} x\\right) x"));
  }

  private static Arguments row(String what, Supplier<Node> node, String infix, String latex) {
    return Arguments.of(what, node, infix, latex);
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("rows")
  void printsTheTextbookForm(String what, Supplier<Node> node, String infix, String latex) {
    Node n = node.get();
    assertEquals(infix, Formula.infix(n), what);
    assertEquals(latex, Formula.latex(n), what);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void printedFormComputesTheNodesValue(String what, Supplier<Node> node, String infix, String latex) {
    Node n = node.get();
    Node printed = Textbook.toNode(Textbook.form(n), n.shape(), G);
    Tensor expected = Program.evaluate(n);
    Tensor actual = Program.evaluate(printed);
    assertEquals(expected.shape(), actual.shape(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.at(i), actual.at(i), 1e-12 * Math.max(1, Math.abs(expected.at(i))), what + " element " + i);
    }
  }

  /** identityDrops keeps one identity of a product of identities: I@I is I, not the number 1. */
  @org.junit.jupiter.api.Test
  void aProductOfIdentitiesIsTheIdentity() {
    Graph g = Graph.createUnsimplified();
    Node i = g.constant(Tensor.identity(2));
    Node p = i.matmul(i);
    assertEquals("[[1, 0], [0, 1]]", Formula.infix(p));
    assertEquals(Program.evaluate(p), Program.evaluate(i));
  }
}
