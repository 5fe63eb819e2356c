package dev.autodiff.core.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.Autodiff;
import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.ReadmeSnippets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardModeTest {
  private static final double[][] A = {{2, -1, 0.5}, {0.3, 1.5, -2}, {1, 0.25, -0.5}};
  private static final double[] X0 = {0.4, -0.3, 0.9};
  private static final double[] V0 = {1.5, -0.5, 2};

  /**
   * The central difference {@code (y(x + eps v) - y(x - eps v)) / 2 eps}, element by element, computed by setting
   * the parameter and evaluating {@code y} again; the parameter is restored afterwards.
   */
  private static double[] centralDifference(Node y, Parameter x, double[] v) {
    Tensor x0 = x.value();
    double eps = 1e-6;
    double[] up = x0.toArray();
    double[] down = x0.toArray();
    for (int k = 0; k < v.length; k++) {
      up[k] += eps * v[k];
      down[k] -= eps * v[k];
    }
    x.set(Tensor.of(x0.shape(), up));
    double[] yUp = Program.evaluate(y).toArray();
    x.set(Tensor.of(x0.shape(), down));
    double[] yDown = Program.evaluate(y).toArray();
    x.set(x0);
    double[] d = new double[yUp.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (yUp[i] - yDown[i]) / (2 * eps);
    }
    return d;
  }

  static void readmeExample(PrintStream out) {
    // README-FORWARD-BEGIN
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.column(1, 2));
    Node y = x.exp().times(x.sum());               // y_i = e^(x_i) (x_1 + x_2), from R^2 to R^2
    Node v = g.constant(Tensor.column(1, 0));      // a tangent, of x's shape
    Node jv = Gradients.jvp(y, x, v);              // J v, of y's shape: here J's first column
    out.println(Program.evaluate(jv).toRows()[0][0] + " " + Program.evaluate(jv).toRows()[1][0]);  // 4e, e^2

    Linearization lin = Gradients.linearize(y, x);  // built once: each apply is one more pass, not two
    Node second = lin.apply(g.constant(Tensor.column(0, 1)));
    out.println(Program.evaluate(second).toRows()[1][0]);                                          // 4e^2
    // README-FORWARD-END
  }

  @Test
  void readmeExamplePrintsTheColumnsOfTheJacobian() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    readmeExample(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    String[] first = lines.get(0).split(" ");
    double e = Math.E;
    assertEquals(4 * e, Double.parseDouble(first[0]), 1e-12);
    assertEquals(e * e, Double.parseDouble(first[1]), 1e-12);
    assertEquals(4 * e * e, Double.parseDouble(lines.get(1)), 1e-12);
  }

  @Test
  void readmeShowsExactlyTheForwardModeExample() throws Exception {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/core/grad/ForwardModeTest.java"),
        "README-FORWARD");
  }

  @Test
  void jvpOfAQuadraticFormIsTheSymmetrizedMatrixTimesThePointDottedWithTheTangent() {
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.column(X0));
    Node y = x.transpose().matmul(g.constant(Tensor.matrix(A))).matmul(x);  // x^T A x, 1x1
    Node jv = Gradients.jvp(y, x, g.constant(Tensor.column(V0)));
    assertEquals(y.shape(), jv.shape());
    double expected = 0;  // x^T (A + A^T) v
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        expected += X0[i] * (A[i][j] + A[j][i]) * V0[j];
      }
    }
    double got = Program.evaluate(jv).item();
    assertEquals(expected, got, 1e-12);
    assertEquals(centralDifference(y, x, V0)[0], got, 1e-8);
  }

  @Test
  void jvpOfElementwiseExpIsExpTimesTheTangent() {
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.matrix(2, 3, 0.1, -0.2, 0.3, 1, -1, 0));
    double[] v = {1, 2, -1, 0.5, -0.25, 3};
    Node jv = Gradients.jvp(x.exp(), x, g.constant(Tensor.of(Shape.of(2, 3), v)));
    Tensor got = Program.evaluate(jv);
    assertEquals(Shape.of(2, 3), got.shape());
    double[] fd = centralDifference(x.exp(), x, v);
    for (int k = 0; k < 6; k++) {
      assertEquals(Math.exp(x.value().at(k)) * v[k], got.at(k), 1e-12, "element " + k);
      assertEquals(fd[k], got.at(k), 1e-8, "element " + k + " against central differences");
    }
  }

  @Test
  void jvpOfAMatrixProductIsLinearInTheTangentAndNeedsNoFeedForTheDummyAdjoint() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.column(X0));
    Input v = g.input("v", Shape.column(3));
    Node y = g.constant(Tensor.matrix(A)).matmul(w).tanh();
    Node jv = Gradients.jvp(y, w, v);
    Program p = Program.compile(jv);
    assertEquals(List.of(v), p.requiredInputs(), "only the tangent is fed, never the dummy adjoint");
    Tensor got = p.run(Feeds.of(v, Tensor.column(V0))).get(jv);
    Tensor j = Program.evaluate(Gradients.jacobianReverse(y, w));
    for (int i = 0; i < 3; i++) {
      double expected = 0;
      for (int k = 0; k < 3; k++) {
        expected += j.get(i, k) * V0[k];
      }
      assertEquals(expected, got.at(i), 1e-12);
    }
  }

  @Test
  void jvpOfAnOutputThatDoesNotDependOnXIsZero() {
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.column(X0));
    Parameter z = g.parameter("z", Tensor.row(1, 2));
    Node jv = Gradients.jvp(z.exp(), x, g.constant(Tensor.column(V0)));
    assertEquals(Tensor.zeros(Shape.of(1, 2)), Program.evaluate(jv));
  }

  @Test
  void jvpOfAGradientIsTheHessianVectorProduct() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.column(X0));
    Input v = g.input("v", Shape.column(3));
    Node f = g.constant(Tensor.matrix(A)).matmul(w).tanh().sum().plus(w.sumOfSquares().square());
    Node forwardOverReverse = Gradients.jvp(Gradients.grad(f, w), w, v);
    Node reverseOverReverse = Gradients.hessianVectorProduct(f, w, v);
    Results r = Program.compile(forwardOverReverse, reverseOverReverse).run(Feeds.of(v, Tensor.column(V0)));
    for (int i = 0; i < 3; i++) {
      assertEquals(r.get(reverseOverReverse).at(i), r.get(forwardOverReverse).at(i), 1e-12, "element " + i);
    }
  }

  @Test
  void jvpOfAJvpIsTheSecondDirectionalDerivative() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Input v = g.input("v");
    Input w = g.input("w");
    Node second = Gradients.jvp(Gradients.jvp(x.pow(4), x, v), x, w);  // 12 x^2 v w
    double got = Program.evaluate(second, Feeds.of(x, 2.0).with(v, 0.5).with(w, -3)).item();
    assertEquals(12 * 4 * 0.5 * -3, got, 1e-10);
  }

  @Test
  void gradientOfAJvpMatchesCentralDifferences() {
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.column(X0));
    Node v = g.constant(Tensor.column(V0));
    Node y = x.times(x).tanh();
    Node s = Gradients.jvp(y, x, v).sum();  // sum_i 2 x_i (1 - tanh^2(x_i^2)) v_i
    Tensor got = Program.evaluate(Gradients.grad(s, x));
    for (int k = 0; k < 3; k++) {
      double[] e = new double[3];
      e[k] = 1;
      assertEquals(centralDifference(s, x, e)[0], got.at(k), 1e-7, "element " + k);
    }
  }

  @Test
  void jvpWithSeveralInputsIsTheSumOfTheSingleJvps() {
    Graph g = Graph.create();
    Parameter a = g.parameter("a", Tensor.column(X0));
    Parameter b = g.parameter("b", Tensor.row(0.5, -1));
    Node y = a.matmul(b).tanh();  // 3x2
    Node va = g.constant(Tensor.column(V0));
    Node vb = g.constant(Tensor.row(2, 0.25));
    Node both = Gradients.jvp(y, List.of(a, b), List.of(va, vb));
    Node sum = Gradients.jvp(y, a, va).plus(Gradients.jvp(y, b, vb));
    Results r = Program.compile(both, sum).run();
    for (int k = 0; k < 6; k++) {
      assertEquals(r.get(sum).at(k), r.get(both).at(k), 1e-12);
    }
  }

  @Test
  void aLinearizationPushesManyTangentsThroughOneVjp() {
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.column(X0));
    Node y = g.constant(Tensor.matrix(A)).matmul(x).exp();
    Linearization lin = Autodiff.linearize(y, x);
    assertEquals(y, lin.value());
    assertEquals(x, lin.point());
    int inputsBefore = g.inputs().size();
    for (int k = 0; k < 3; k++) {
      double[] v = {k, 1 - k, 0.5 * k};
      Node jv = lin.apply(g.constant(Tensor.column(v)));
      assertEquals(Program.evaluate(Gradients.jvp(y, x, g.constant(Tensor.column(v)))),
          Program.evaluate(jv), "tangent " + k);
    }
    assertEquals(inputsBefore + 3, g.inputs().size(), "apply adds no dummy, each jvp adds one");
  }

  @Test
  void forwardAndReverseJacobiansAgreeAndKeepTheRowPerOutputLayout() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.column(0.4, -0.3));
    Node f = g.constant(Tensor.matrix(new double[][] {{1, 2}, {-1, 0.5}, {0.3, 3}})).matmul(w).tanh();  // 3x1
    Tensor forward = Program.evaluate(Gradients.jacobianForward(f, w));
    Tensor reverse = Program.evaluate(Gradients.jacobianReverse(f, w));
    assertEquals(Shape.of(3, 2), forward.shape());
    assertEquals(Shape.of(3, 2), reverse.shape());
    for (int k = 0; k < 6; k++) {
      assertEquals(reverse.at(k), forward.at(k), 1e-14);
    }
  }

  @Test
  void jacobianAccumulatesForwardForTallOutputsAndReverseForWideOnes() {
    Graph g = Graph.create();
    Parameter narrow = g.parameter("narrow", Tensor.column(0.1, 0.2));
    Parameter wide = g.parameter("wide", Tensor.column(0.1, 0.2, 0.3, 0.4, 0.5));
    int before = g.inputs().size();
    Gradients.jacobian(narrow.matmul(Autodiff.concat(dev.autodiff.core.tensor.Axis.COLUMNS,
        narrow.transpose(), narrow.transpose().exp())), narrow);  // 2x4 output, 2 inputs: forward
    assertEquals(before + 1, g.inputs().size(), "forward mode made its dummy adjoint");
    Gradients.jacobian(wide.sum().exp(), wide);  // 1 output, 5 inputs: reverse
    assertEquals(before + 1, g.inputs().size(), "reverse mode needs no dummy");
  }

  @Test
  void rejectsMissingArgumentsNamingTheMethod() {
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.column(X0));
    Node v = g.constant(Tensor.column(V0));
    assertEquals("jvp: x is null",
        assertThrows(IllegalArgumentException.class, () -> Autodiff.jvp(x.exp(), null, v)).getMessage());
    assertEquals("jvp: y is null",
        assertThrows(IllegalArgumentException.class, () -> Autodiff.jvp(null, x, v)).getMessage());
    assertEquals("jvp: tangent v is null",
        assertThrows(IllegalArgumentException.class, () -> Autodiff.jvp(x.exp(), x, null)).getMessage());
    assertEquals("linearize: x is null",
        assertThrows(IllegalArgumentException.class, () -> Autodiff.linearize(x, null)).getMessage());
    assertEquals("jacobianForward: parameter is null",
        assertThrows(IllegalArgumentException.class, () -> Autodiff.jacobianForward(x, null)).getMessage());
  }

  @Test
  void rejectsATangentOfAnotherShapeNamingBothShapes() {
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.column(X0));
    Node v = g.constant(Tensor.zeros(Shape.of(2, 3)));
    assertEquals("jvp: tangent v is 2x3, x is 3x1",
        assertThrows(IllegalArgumentException.class, () -> Autodiff.jvp(x.exp(), x, v)).getMessage());
    assertEquals("jvp: tangent vs[0] is 2x3, xs[0] is 3x1",
        assertThrows(IllegalArgumentException.class,
            () -> Autodiff.jvp(x.exp(), List.of(x), List.of(v))).getMessage());
    assertEquals("jvp: 1 inputs xs but 2 tangents vs",
        assertThrows(IllegalArgumentException.class,
            () -> Autodiff.jvp(x.exp(), List.of(x), List.of(v, v))).getMessage());
  }

  @Test
  void rejectsATangentFromAnotherGraph() {
    Graph g = Graph.create();
    Parameter x = g.parameter("x", Tensor.column(X0));
    Node v = Graph.create().constant(Tensor.column(V0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Autodiff.jvp(x.exp(), x, v));
    assertTrue(e.getMessage().startsWith("jvp: tangent v"), e.getMessage());
    assertFalse(e.getMessage().contains("gradients:"), e.getMessage());
  }
}
