package dev.autodiff.examples.lecture;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;

/**
 * The worked examples of the lecture notes, built node by node with the lecture's names, so a trace reads like the
 * blackboard: {@code a = x*w1, b = a + w0, c = e^b, f = c + 1}.
 */
public final class WorkedExamples {
  private WorkedExamples() {}

  /**
   * One worked example: what it is, the output to differentiate, the point, and what the lecture says to expect.
   *
   * @param slug the folder name of its files
   * @param title a one-line title
   * @param output the scalar output
   * @param feeds the point
   * @param wrt the leaves whose gradients the gradient-graph view draws
   * @param expect what the lecture's numbers are, as a sentence printed beside the trace
   */
  public record Worked(String slug, String title, Node output, Feeds feeds, List<Node> wrt, String expect) {}

  /** The examples in the order the lecture gives them. */
  public static List<Worked> all() {
    return List.of(exponentialNeuron(), halfSquaredNorm(), sigmoidChain());
  }

  /**
   * {@code f(x, w) = 1 + e^(w1 x + w0)} at {@code x = 1, w1 = 2, w0 = 1}, from "Обратное распространение ошибки.
   * Пример": {@code df = 1, dc = 1, db = e^3, dw0 = e^3, da = e^3, dw1 = x e^3 = e^3, dx = w1 e^3 = 2 e^3}.
   */
  public static Worked exponentialNeuron() {
    Graph g = Graph.create();
    Input x = g.input("x");
    Parameter w1 = g.parameter("w1", 2.0);
    Parameter w0 = g.parameter("w0", 1.0);
    Node a = x.times(w1).named("a");
    Node b = a.plus(w0).named("b");
    Node c = b.exp().named("c");
    Node f = c.plus(1).named("f");
    return new Worked("exp-neuron", "f(x, w) = 1 + e^(w1 x + w0) at x = 1, w1 = 2, w0 = 1", f, Feeds.of(x, 1.0),
        List.of(w0, w1, x),
        "lecture: df = 1, dc = 1, db = e^3 = 20.09, dw0 = 20.09, da = 20.09, dw1 = x*20.09 = 20.09, dx = w1*20.09"
            + " = 40.17");
  }

  /**
   * {@code f = 1/2 ||X W||^2} from "Пример с матрицами": with {@code a = X W}, {@code db = 1/2},
   * {@code da = a} and {@code dW = X^T da}. The lecture's matrices are not in the notes; these are small integers.
   */
  public static Worked halfSquaredNorm() {
    Graph g = Graph.create();
    Input bigX = g.input("X", Shape.of(2, 3));
    Parameter bigW = g.parameter("W", Tensor.matrix(new double[][] {{1, 0}, {-1, 1}, {0, 2}}));
    Node a = bigX.matmul(bigW).named("a");
    Node s = a.square().named("s");
    Node b = s.sum().named("b");
    Node f = b.times(0.5).named("f");
    Feeds feeds = Feeds.of(bigX, Tensor.matrix(new double[][] {{1, 2, 0}, {0, 1, -1}}));
    return new Worked("half-squared-norm", "f = 1/2 ||X W||^2 with a = X W, s = a^2, b = sum(s)", f, feeds,
        List.of(bigW, bigX), "lecture: db = 1/2, da_ij = (a_ij^2)' * 1/2 = a_ij, dW = X^T da");
  }

  /**
   * {@code S = 1 - sigmoid(w^T x)} from "Пример вычисления градиента", the class {@code y = -1}, written as the
   * lecture's chain {@code a = w^T x, b = e^(-a), c = 1 + b, d = 1/c, S = 1 - d} (with {@code m = -a} as its own
   * node). The lecture's adjoints: {@code dS/dd = -1}, {@code dS/dc = dS/dd (-1/c^2)}, {@code dS/db = dS/dc},
   * {@code dS/da = -dS/db e^(-a)}, {@code dS/dw = dS/da x}. At {@code w = (0.5, -1), x = (2, 1)}: {@code a = 0},
   * {@code S = 1/2}, {@code dS/dw = -x/4 = (-0.5, -0.25)}.
   */
  public static Worked sigmoidChain() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(2, 1));
    Parameter w = g.parameter("w", Tensor.column(0.5, -1));
    Node a = w.transpose().named("w_T").matmul(x).named("a");
    Node m = a.neg().named("m");
    Node b = m.exp().named("b");
    Node c = b.plus(1).named("c");
    Node d = c.rdiv(1).named("d");
    Node bigS = d.rminus(1).named("S");
    return new Worked("sigmoid-chain", "S = 1 - sigmoid(w^T x) at w = (0.5, -1), x = (2, 1)", bigS,
        Feeds.of(x, Tensor.column(2, 1)), List.of(w, x),
        "lecture: dS/dd = -1, dS/dc = dS/dd * (-1/c^2) = 0.25, dS/db = dS/dc = 0.25, dS/da = -dS/db * e^(-a) ="
            + " -0.25, dS/dw = dS/da * x = (-0.5, -0.25)");
  }

  /** A 2-2-1 sigmoid MLP (layers in the scopes {@code mlp/hidden} and {@code mlp/output}) with a squared error. */
  public record Mlp(Node loss, Feeds feeds) {}

  /** The 2-2-1 MLP's weights, sample and target, and the learning rate its neuron drawing shows steps for. */
  public static final Tensor MLP_W1 = Tensor.matrix(new double[][] {{0.5, -0.4}, {0.3, 0.8}});
  public static final Tensor MLP_B1 = Tensor.row(0.1, -0.1);
  public static final Tensor MLP_W2 = Tensor.column(0.7, -0.6);
  public static final Tensor MLP_B2 = Tensor.matrix(1, 1, 0.05);
  public static final Tensor MLP_X = Tensor.row(1, 0);
  public static final Tensor MLP_T = Tensor.matrix(1, 1, 1.0);
  public static final double MLP_RATE = 0.5;

  /** The 2-2-1 sigmoid MLP on the XOR sample {@code x = (1, 0)}, target 1, with small fixed weights. */
  public static Mlp mlp() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(1, 2));
    Input t = g.input("t", Shape.of(1, 1));
    Node y;
    try (Graph.Scope net = g.scope("mlp")) {
      Node h;
      try (Graph.Scope hidden = g.scope("hidden")) {
        Parameter w1 = g.parameter("W1", MLP_W1);
        Parameter b1 = g.parameter("b1", MLP_B1);
        h = x.matmul(w1).named("u1").plus(b1).named("z1").sigmoid().named("h");
      }
      try (Graph.Scope output = g.scope("output")) {
        Parameter w2 = g.parameter("W2", MLP_W2);
        Parameter b2 = g.parameter("b2", MLP_B2);
        y = h.matmul(w2).named("u2").plus(b2).named("z2").sigmoid().named("y");
      }
    }
    Node loss = y.minus(t).named("e").square().named("e2").sum().named("E").times(0.5).named("L");
    return new Mlp(loss, Feeds.of(x, MLP_X).with(t, MLP_T));
  }
}
