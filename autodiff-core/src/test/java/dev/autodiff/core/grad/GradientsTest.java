package dev.autodiff.core.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientsTest {

  /** {@code f(w) = sum(tanh(M w)) + (w^T w)^2} for a 3-vector {@code w}. */
  private static Node testFunction(Graph g, Parameter w) {
    Node m = g.constant(Tensor.matrix(new double[][] {{1, -2, 0.5}, {0.3, 0.7, -1.1}}));
    return m.matmul(w).tanh().sum().plus(w.sumOfSquares().square());
  }

  private static final double[] W0 = {0.4, -0.3, 0.9};

  @Test
  void hessianIsSymmetricAndMatchesFiniteDifferencesOfTheGradient() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.column(W0));
    Node f = testFunction(g, w);
    Node grad = Gradients.grad(f, w);
    Node h = Gradients.hessian(f, w);
    assertEquals(Shape.of(3, 3), h.shape());
    Tensor hv = Program.evaluate(h);
    Program gradProgram = Program.compile(grad);
    double eps = 1e-6;
    for (int j = 0; j < 3; j++) {
      double[] plus = W0.clone();
      double[] minus = W0.clone();
      plus[j] += eps;
      minus[j] -= eps;
      Tensor gp = gradProgram.run(Feeds.of(w, Tensor.column(plus))).get(grad);
      Tensor gm = gradProgram.run(Feeds.of(w, Tensor.column(minus))).get(grad);
      for (int i = 0; i < 3; i++) {
        assertEquals((gp.at(i) - gm.at(i)) / (2 * eps), hv.get(i, j), 1e-7, "H[" + i + "," + j + "]");
        assertEquals(hv.get(i, j), hv.get(j, i), 1e-12, "symmetry at " + i + "," + j);
      }
    }
  }

  @Test
  void hessianVectorProductEqualsHessianTimesVectorWithoutFormingIt() {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.column(W0));
    Input v = g.input("v", Shape.column(3));
    Node f = testFunction(g, w);
    Node hvp = Gradients.hessianVectorProduct(f, w, v);
    int sizeBeforeHessian = g.size();
    Node h = Gradients.hessian(f, w);
    assertTrue(g.size() > sizeBeforeHessian, "the dense Hessian needs nodes the product did not build");
    double[] vv = {1.5, -0.5, 2};
    Results r = Program.compile(hvp, h).run(Feeds.of(v, Tensor.column(vv)));
    for (int i = 0; i < 3; i++) {
      double expected = 0;
      for (int j = 0; j < 3; j++) {
        expected += r.get(h).get(i, j) * vv[j];
      }
      assertEquals(expected, r.get(hvp).at(i), 1e-10);
    }
  }

  @Test
  void jacobianOfVectorFunctionIsDiagonalScalingOfTheMatrix() {
    double[][] a = {{1, -2, 0.5}, {0.3, 0.7, -1.1}};
    Graph g = Graph.create();
    Parameter w = g.parameter("w", Tensor.column(W0));
    Node f = g.constant(Tensor.matrix(a)).matmul(w).tanh();
    Tensor j = Program.evaluate(Gradients.jacobian(f, w));
    assertEquals(Shape.of(2, 3), j.shape());
    for (int i = 0; i < 2; i++) {
      double z = 0;
      for (int k = 0; k < 3; k++) {
        z += a[i][k] * W0[k];
      }
      double t = Math.tanh(z);
      for (int k = 0; k < 3; k++) {
        assertEquals((1 - t * t) * a[i][k], j.get(i, k), 1e-12);
      }
    }
  }

  @Test
  void higherDerivativesOfAPowerComeFromRepeatedGradients() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Node d = x.pow(4);
    double[] expected = {16, 32, 48, 48, 24, 0};  // x^4, 4x^3, 12x^2, 24x, 24, 0 at x = 2
    for (int order = 0; order < expected.length; order++) {
      assertEquals(expected[order], Program.evaluate(d, Feeds.of(x, 2.0)).item(), 1e-9, "order " + order);
      d = Gradients.grad(d, x);
    }
  }

  @Test
  void gradientsOfGradientsPrintAsFormulas() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Node f = x.exp().times(x);
    Node d1 = Gradients.grad(f, x);
    Node d2 = Gradients.grad(d1, x);
    assertEquals("exp(x) + exp(x)*x", Formula.infix(d1));  // d/dx (e^x x) = e^x + e^x x
    assertEquals(3 * Math.exp(1), Program.evaluate(d2, Feeds.of(x, 1.0)).item(), 1e-12);
  }

  @Test
  void fanOutContributionsAreSummed() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Node f = x.times(x).plus(x.times(3)).plus(x.exp());  // x^2 + 3x + e^x
    double got = Program.evaluate(Gradients.grad(f, x), Feeds.of(x, 0.5)).item();
    assertEquals(2 * 0.5 + 3 + Math.exp(0.5), got, 1e-12);
  }

  @Test
  void broadcastInputsGetGradientsOfTheirOwnShape() {
    Graph g = Graph.create();
    Parameter m = g.parameter("m", Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}}));
    Parameter row = g.parameter("row", Tensor.row(1, 1, 1));
    Parameter col = g.parameter("col", Tensor.column(1, 1));
    Parameter s = g.parameter("s", 1.0);
    Node f = m.plus(row).times(col).minus(s).sum();
    List<Node> d = Gradients.gradients(f, row, col, s);
    Results r = Program.compile(d).run();
    assertEquals(Tensor.row(2, 2, 2), r.get(d.get(0)));
    assertEquals(Tensor.column(9, 18), r.get(d.get(1)));
    assertEquals(Tensor.scalar(-6), r.get(d.get(2)));
  }

  @Test
  void unrelatedNodesGetZeroGradients() {
    Graph g = Graph.create();
    Parameter a = g.parameter("a", Tensor.row(1, 2));
    Parameter b = g.parameter("b", 3.0);
    Node f = b.square();
    assertEquals(Tensor.zeros(Shape.row(2)), Program.evaluate(Gradients.grad(f, a)));
  }

  @Test
  void rejectsNonScalarOutputWithoutSeed() {
    Graph g = Graph.create();
    Parameter a = g.parameter("a", Tensor.row(1, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gradients.grad(a.exp(), a));
    assertTrue(e.getMessage().contains("needs a seed") && e.getMessage().contains("1x2"), e.getMessage());
  }

  @Test
  void seededGradientIsAVectorJacobianProduct() {
    Graph g = Graph.create();
    Parameter a = g.parameter("a", Tensor.row(1, 2));
    Node seed = g.constant(Tensor.row(10, 100));
    Node d = Gradients.gradients(a.exp(), seed, List.of(a)).get(0);
    Tensor got = Program.evaluate(d);
    assertEquals(10 * Math.exp(1), got.at(0), 1e-9);
    assertEquals(100 * Math.exp(2), got.at(1), 1e-9);
  }

  @Test
  void rejectsSeedOfWrongShapeAndNodesOfAnotherGraph() {
    Graph g = Graph.create();
    Parameter a = g.parameter("a", Tensor.row(1, 2));
    Node seed = g.constant(Tensor.row(1, 2, 3));
    IllegalArgumentException wrongSeed = assertThrows(IllegalArgumentException.class,
        () -> Gradients.gradients(a.exp(), seed, List.of(a)));
    assertTrue(wrongSeed.getMessage().contains("seed has shape 1x3"), wrongSeed.getMessage());
    Node foreignVector = Graph.create().constant(Tensor.row(1, 1));
    IllegalArgumentException hvp = assertThrows(IllegalArgumentException.class,
        () -> Gradients.hessianVectorProduct(a.exp().sum(), a, foreignVector));
    assertTrue(hvp.getMessage().contains("hessianVectorProduct: vector"), hvp.getMessage());
    Parameter other = Graph.create().parameter("a", 1.0);
    IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
        () -> Gradients.grad(a.sum(), other));
    assertTrue(foreign.getMessage().contains("another graph"), foreign.getMessage());
  }

  /** The gradient graph of a chain of 10^4 ops stays within a constant factor of the forward graph. */
  @Test
  void gradientGraphIsLinearInTheForwardGraph() {
    for (int n : new int[] {1_000, 10_000}) {
      Graph g = Graph.create();
      Parameter w = g.parameter("w", 0.5);
      Node h = w;
      for (int i = 0; i < n / 4; i++) {
        h = h.times(w).tanh().plus(w).sigmoid();
      }
      int forward = g.size();
      Gradients.grad(h, w);
      int backward = g.size() - forward;
      double ratio = (double) backward / forward;
      System.out.printf("gradient graph: forward %d nodes, gradient %d nodes, ratio %.2f%n", forward, backward, ratio);
      assertTrue(ratio < 4, "gradient/forward ratio " + ratio);
    }
  }

  /**
   * A chain {@code h = tanh(h) + w}, {@code steps} times: builds, differentiates, evaluates and prints, checked
   * against the same recurrence and its derivative computed in plain Java.
   */
  static void chainWorksWithoutRecursion(int steps) {
    Graph g = Graph.create();
    Parameter w = g.parameter("w", 0.1);
    Input x = g.input("x");
    Node h = x;
    for (int i = 0; i < steps; i++) {
      h = h.tanh().plus(w);
    }
    assertTrue(g.size() >= 2 * steps, "graph has " + g.size() + " nodes");
    Node dw = Gradients.grad(h, w);
    Results r = Program.compile(h, dw).run(Feeds.of(x, 0.3));

    double hv = 0.3;
    double dv = 0;
    for (int i = 0; i < steps; i++) {
      double t = Math.tanh(hv);
      dv = (1 - t * t) * dv + 1;
      hv = t + 0.1;
    }
    assertEquals(hv, r.scalar(h), 1e-12);
    assertEquals(dv, r.scalar(dw), 1e-9);
    String formula = Formula.infix(h, 100);
    assertTrue(formula.endsWith(" + w") && formula.contains("…"), formula);
  }

  /**
   * 100,000 nodes on a thread with a 256 KB stack: a walk that recursed once per node would need megabytes there, so
   * this fails on the same bug as a million nodes on the default stack, in a tenth of the time.
   */
  @Test
  void longChainWorksWithoutRecursionOnASmallStack() throws InterruptedException {
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(null, () -> {
      try {
        chainWorksWithoutRecursion(50_000);
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, "small-stack", 256 * 1024);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new AssertionError("on a 256 KB stack: " + failure[0], failure[0]);
    }
  }

  /** A graph of a million nodes builds, differentiates, evaluates and prints without recursion (-Preliability). */
  @Test
  void millionNodeChainWorksWithoutStackOverflow() {
    assumeTrue(Boolean.getBoolean("autodiff.reliability"),
        "10^6 nodes run with -Preliability; the default build runs 10^5 on a small stack");
    chainWorksWithoutRecursion(500_000);
  }

  @Test
  void backwardRecordsEveryStepAndAgreesWithGradients() {
    Graph g = Graph.create();
    Parameter p = g.parameter("p", -3.0);
    Node s = p.plus(4);
    Node q = p.times(s);
    BackwardPass pass = Gradients.backward(q);
    // q passes to p and s; then s passes to p: p fans out, so its second contribution adds to the first.
    assertEquals(List.of(q, s), pass.steps().stream().map(BackwardPass.Step::node).toList());
    BackwardPass.Step first = pass.steps().get(0);
    assertEquals(2, first.contributions().size());
    assertEquals(null, first.contributions().get(0).before());
    BackwardPass.Contribution second = pass.steps().get(1).contributions().get(0);
    assertEquals(p, second.input());
    assertEquals(first.contributions().get(0).after(), second.before());
    Node dp = pass.adjoint(p).orElseThrow();
    assertEquals(second.after(), dp);
    assertEquals(-2.0, Program.evaluate(dp).item());
    assertEquals(Program.evaluate(Gradients.grad(q, p)), Program.evaluate(dp));
    assertTrue(pass.adjoint(g.constant(4.0)).isEmpty(), "constants carry no adjoint");
    Node vector = p.times(g.constant(Tensor.row(1, 2)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gradients.backward(vector));
    assertTrue(e.getMessage().contains("needs a seed"), e.getMessage());
  }
}
