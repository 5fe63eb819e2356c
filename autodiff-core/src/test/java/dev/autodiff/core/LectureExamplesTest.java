package dev.autodiff.core;

import static dev.autodiff.core.Autodiff.matmul;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.print.Formula;
import dev.autodiff.core.tensor.Axis;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worked examples of the lecture notes, with their numbers, and the seminar's matrix derivatives. */
class LectureExamplesTest {
  private static final double TOL = 1e-12;

  /** {@code f(x, w) = 1 + e^(w1 x + w0)} at {@code x = 1, w1 = 2, w0 = 1}. */
  @Test
  void exponentialNeuronMatchesTheLecture() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Parameter w1 = g.parameter("w1", 2.0);
    Parameter w0 = g.parameter("w0", 1.0);
    Node a = w1.times(x);
    Node b = a.plus(w0);
    Node c = b.exp();
    Node f = c.plus(1);

    // The lecture's adjoints: df = 1, dc = 1, db = e^3, dw0 = e^3, da = e^3, dw1 = x e^3, dx = w1 e^3.
    List<Node> d = Gradients.gradients(f, f, c, b, w0, a, w1, x);
    Results r = Program.compile(concatAll(f, d)).run(Feeds.of(x, 1.0));
    double e3 = Math.exp(3);
    assertEquals(1 + e3, r.scalar(f), TOL);
    assertEquals(1.0, r.scalar(d.get(0)), TOL);
    assertEquals(1.0, r.scalar(d.get(1)), TOL);
    assertEquals(e3, r.scalar(d.get(2)), TOL);
    assertEquals(e3, r.scalar(d.get(3)), TOL);
    assertEquals(e3, r.scalar(d.get(4)), TOL);
    assertEquals(1 * e3, r.scalar(d.get(5)), TOL);
    assertEquals(2 * e3, r.scalar(d.get(6)), TOL);
    assertEquals(20.09, r.scalar(d.get(3)), 0.005);
    assertEquals(40.17, r.scalar(d.get(6)), 0.005);

    assertEquals("exp(w1*x + w0) + 1", Formula.infix(f));
    assertEquals("exp(w1*x + w0)", Formula.infix(d.get(3)));
  }

  /** {@code f = 1/2 ||X W||^2}: {@code grad_W = X^T (X W)}, {@code grad_X = (X W) W^T}. */
  @Test
  void halfSquaredFrobeniusNormOfProductMatchesTheLecture() {
    Graph g = Graph.create();
    double[][] xs = {{1, 2}, {-1, 0.5}, {3, -2}};
    double[][] ws = {{0.5, -1, 2, 0}, {1.5, 0.25, -0.5, 1}};
    Parameter bigX = g.parameter("X", Tensor.matrix(xs));
    Parameter bigW = g.parameter("W", Tensor.matrix(ws));
    Node a = matmul(bigX, bigW);
    Node f = a.sumOfSquares().times(0.5);
    List<Node> d = Gradients.gradients(f, bigW, bigX, a);
    Results r = Program.compile(concatAll(f, d)).run();

    double[][] xw = mul(xs, ws);
    assertMatrix(xw, r.get(d.get(2)));  // the lecture: grad_a f = a
    assertMatrix(mul(transpose(xs), xw), r.get(d.get(0)));
    assertMatrix(mul(xw, transpose(ws)), r.get(d.get(1)));
    double half = 0;
    for (double[] row : xw) {
      for (double v : row) {
        half += 0.5 * v * v;
      }
    }
    assertEquals(half, r.scalar(f), TOL);
  }

  /** {@code S = 1 - sigmoid(w^T x)} as {@code a = w^T x, b = e^-a, c = 1 + b, d = 1/c, S = 1 - d}. */
  @Test
  void oneMinusSigmoidChainHasTheLecturesAdjoints() {
    Graph g = Graph.create();
    double[] wv = {0.3, -0.7, 1.1};
    double[] xv = {1.0, 2.0, -0.5};
    Parameter w = g.parameter("w", Tensor.column(wv));
    Input x = g.input("x", dev.autodiff.core.tensor.Shape.column(3));
    Node a = w.transpose().matmul(x);
    Node b = a.neg().exp();
    Node c = b.plus(1);
    Node d = c.rdiv(1);
    Node s = d.rminus(1);
    List<Node> adj = Gradients.gradients(s, d, c, b, a, w);
    Results r = Program.compile(concatAll(s, adj)).run(Feeds.of(x, Tensor.column(xv)));

    double av = wv[0] * xv[0] + wv[1] * xv[1] + wv[2] * xv[2];
    double bv = Math.exp(-av);
    double cv = 1 + bv;
    double dS_dd = -1;
    double dS_dc = dS_dd * (-1 / (cv * cv));
    double dS_db = dS_dc * 1;
    double dS_da = -dS_db * Math.exp(-av);
    assertEquals(1 - 1 / (1 + Math.exp(-av)), r.scalar(s), TOL);
    assertEquals(dS_dd, r.scalar(adj.get(0)), TOL);
    assertEquals(dS_dc, r.scalar(adj.get(1)), TOL);
    assertEquals(dS_db, r.scalar(adj.get(2)), TOL);
    assertEquals(dS_da, r.scalar(adj.get(3)), TOL);
    Tensor dw = r.get(adj.get(4));
    for (int i = 0; i < 3; i++) {
      assertEquals(dS_da * xv[i], dw.at(i), TOL);  // dS/dw = dS/da * x
    }
    // The chain computes -sigmoid'(a) x = -s(1 - s) x.
    double sig = 1 / (1 + Math.exp(-av));
    assertEquals(-sig * (1 - sig) * xv[1], dw.at(1), TOL);
  }

  /** One sigmoid neuron, squared loss: {@code dQ/dw = sum_i -2 (y_i - s_i) s_i (1 - s_i) x_i}. */
  @Test
  void sigmoidNeuronWithSquaredLossMatchesTheLecturesFormula() {
    double[][] xs = {{1, 0.5, -1}, {1, -2, 0.3}, {1, 1.5, 2}, {1, 0, -0.7}};
    double[] ys = {1, 0, 1, 0};
    double[] wv = {0.1, -0.4, 0.25};
    Graph g = Graph.create();
    Input bigX = g.input("X", dev.autodiff.core.tensor.Shape.of(4, 3));
    Input y = g.input("y", dev.autodiff.core.tensor.Shape.column(4));
    Parameter w = g.parameter("w", Tensor.column(wv));
    Node s = bigX.matmul(w).sigmoid();
    Node q = y.minus(s).square().sum();
    Node dw = Gradients.grad(q, w);
    Tensor got = Program.evaluate(dw, Feeds.of(bigX, Tensor.matrix(xs)).with(y, Tensor.column(ys)));

    double[] expected = new double[3];
    for (int i = 0; i < xs.length; i++) {
      double z = 0;
      for (int j = 0; j < 3; j++) {
        z += wv[j] * xs[i][j];
      }
      double si = 1 / (1 + Math.exp(-z));
      for (int j = 0; j < 3; j++) {
        expected[j] += -2 * (ys[i] - si) * si * (1 - si) * xs[i][j];
      }
    }
    for (int j = 0; j < 3; j++) {
      assertEquals(expected[j], got.at(j), TOL);
    }
  }

  @Test
  void gradientOfQuadraticFormIsASymmetrizedProduct() {
    double[][] av = {{1, 2, 0}, {-1, 3, 0.5}, {4, 0, -2}};
    double[] xv = {0.5, -1, 2};
    Graph g = Graph.create();
    Parameter a = g.parameter("A", Tensor.matrix(av));
    Parameter x = g.parameter("x", Tensor.column(xv));
    Node f = x.transpose().matmul(a).matmul(x);
    List<Node> d = Gradients.gradients(f, x, a);
    Results r = Program.compile(d).run();
    for (int i = 0; i < 3; i++) {
      double expected = 0;
      for (int j = 0; j < 3; j++) {
        expected += (av[i][j] + av[j][i]) * xv[j];  // (A + A^T) x
      }
      assertEquals(expected, r.get(d.get(0)).at(i), TOL);
      for (int j = 0; j < 3; j++) {
        assertEquals(xv[i] * xv[j], r.get(d.get(1)).get(i, j), TOL);  // x x^T
      }
    }
  }

  @Test
  void gradientOfSquaredNormOfAffineMapIsTwiceATransposeResidual() {
    double[][] av = {{1, 2, 0}, {-1, 3, 0.5}};
    double[] xv = {0.5, -1, 2};
    double[] bv = {0.25, -3};
    Graph g = Graph.create();
    Parameter a = g.parameter("A", Tensor.matrix(av));
    Parameter x = g.parameter("x", Tensor.column(xv));
    Parameter b = g.parameter("b", Tensor.column(bv));
    Node f = a.matmul(x).plus(b).sumOfSquares();
    Tensor dx = Program.evaluate(Gradients.grad(f, x));
    double[] residual = new double[2];
    for (int i = 0; i < 2; i++) {
      residual[i] = bv[i];
      for (int j = 0; j < 3; j++) {
        residual[i] += av[i][j] * xv[j];
      }
    }
    for (int j = 0; j < 3; j++) {
      double expected = 0;
      for (int i = 0; i < 2; i++) {
        expected += 2 * av[i][j] * residual[i];  // 2 A^T (A x + b)
      }
      assertEquals(expected, dx.at(j), TOL);
    }
  }

  @Test
  void gradientOfTraceOfProductIsTheTransposedFactor() {
    double[][] bv = {{1, 2}, {-1, 3}, {0.5, 4}};
    Graph g = Graph.create();
    Parameter a = g.parameter("A", Tensor.matrix(new double[][] {{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}}));
    Node b = g.constant(Tensor.matrix(bv));
    Tensor da = Program.evaluate(Gradients.grad(a.matmul(b).trace(), a));
    assertMatrix(transpose(bv), da);
  }

  @Test
  void softmaxFollowedByNegativeLogLikelihoodHasGradientSoftmaxMinusOneHot() {
    double[][] logits = {{2.0, -1.0, 0.5, 3.0}, {-0.3, 0.0, 1.2, -2.0}};
    double[][] onehot = {{0, 0, 1, 0}, {1, 0, 0, 0}};
    Graph g = Graph.create();
    Parameter y = g.parameter("y", Tensor.matrix(logits));
    Node t = g.constant(Tensor.matrix(onehot));
    Node nll = t.times(y.logSoftmax(Axis.COLUMNS)).sum().neg();
    Tensor dy = Program.evaluate(Gradients.grad(nll, y));
    for (int i = 0; i < 2; i++) {
      double z = 0;
      for (double v : logits[i]) {
        z += Math.exp(v);
      }
      for (int j = 0; j < 4; j++) {
        assertEquals(Math.exp(logits[i][j]) / z - onehot[i][j], dy.get(i, j), TOL);
      }
    }
  }

  static List<Node> concatAll(Node first, List<Node> rest) {
    java.util.ArrayList<Node> all = new java.util.ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  static double[][] mul(double[][] a, double[][] b) {
    double[][] c = new double[a.length][b[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < b[0].length; j++) {
        for (int k = 0; k < b.length; k++) {
          c[i][j] += a[i][k] * b[k][j];
        }
      }
    }
    return c;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  static void assertMatrix(double[][] expected, Tensor actual) {
    assertEquals(expected.length, actual.rows());
    assertEquals(expected[0].length, actual.cols());
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[0].length; j++) {
        assertEquals(expected[i][j], actual.get(i, j), 1e-12, "element " + i + "," + j);
      }
    }
  }
}
