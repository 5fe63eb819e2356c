package dev.autodiff.core.print;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.core.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's formulas of {@code x^T A x}: the snippet runs here and is in the README verbatim. */
class ReadmeFormulaTest {
  @Test
  void gradientAndHessianOfAQuadraticFormPrintAsInATextbook() throws Exception {
    // README-FORMULA-BEGIN
    Graph g = Graph.create();
    Node x = g.parameter("x", Tensor.column(1, 2));
    Node a = g.parameter("A", Tensor.matrix(2, 2, 1, 2, 3, 4));
    Node f = x.transpose().matmul(a).matmul(x);
    Node grad = Gradients.grad(f, x);
    Node hessian = Gradients.hessian(f, x);
    assertEquals("(A + A^T)@x", Formula.infix(grad));
    assertEquals("\\left(A + A^{\\top}\\right) x", Formula.latex(grad));
    assertEquals("A + A^T", Formula.infix(hessian));
    // the graph as it is built, with no textbook rewriting: what a symbols function (here none) prints
    assertEquals("(x^T@A)^T + (x^T@A^T)^T", Formula.infix(grad, n -> null, 200));
    // README-FORMULA-END
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/core/print/ReadmeFormulaTest.java"),
        "README-FORMULA");
  }
}
