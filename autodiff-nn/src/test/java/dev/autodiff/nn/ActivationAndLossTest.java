package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ActivationAndLossTest {
  private static final double TOL = 1e-12;

  private static Tensor eval(Node n) {
    return Program.evaluate(n);
  }

  private static double apply(Activation a, double s) {
    Graph g = Graph.create();
    return eval(a.apply(g.constant(Tensor.matrix(1, 1, s)))).at(0);
  }

  @Test
  void activationsMatchTheirFormulas() {
    assertEquals(1.0, apply(Activation.STEP, 0.3));
    assertEquals(0.0, apply(Activation.STEP, -0.3));
    assertEquals(1 / (1 + Math.exp(-0.7)), apply(Activation.SIGMOID, 0.7), TOL);
    assertEquals(1 / (1 + Math.exp(-0.7 / 2)), apply(Activation.sigmoid(2), 0.7), TOL);
    assertEquals(Math.tanh(-0.4), apply(Activation.TANH, -0.4), TOL);
    assertEquals(0.0, apply(Activation.RELU, -2));
    assertEquals(Math.log1p(Math.exp(0.3)), apply(Activation.SOFTPLUS, 0.3), TOL);
    assertEquals(-0.02, apply(Activation.LEAKY_RELU, -2), TOL);
    assertEquals(1.5 * (Math.exp(-2) - 1), apply(Activation.elu(1.5), -2), TOL);
    assertEquals(-2.0, apply(Activation.IDENTITY, -2));
  }

  /** The lecture's E = 1/2 sum (t - y)^2, averaged over samples, and its gradient (y - t)/N, by hand. */
  @Test
  void halfSquaredErrorIsTheLecturesError() {
    Graph g = Graph.create();
    Parameter y = g.parameter("y", Tensor.matrix(new double[][] {{0.5, 2}, {1, -1}}));
    Node t = g.constant(Tensor.matrix(new double[][] {{1, 0}, {1, 1}}));
    Node e = Losses.halfSquaredError().apply(y, t);
    // rows: 1/2 (0.25 + 4) and 1/2 (0 + 4); mean of the two
    assertEquals((0.5 * 4.25 + 0.5 * 4) / 2, Program.compile(e).run().scalar(e), 1e-15);
    Node grad = Gradients.grad(e, y);
    Tensor dy = Program.compile(grad).run().get(grad);
    double[] want = {-0.25, 1, 0, -1};  // (y - t) / 2 rows
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], dy.at(i), 1e-15);
    }
  }

  @Test
  void specsReadBack() {
    for (Activation a : List.of(Activation.STEP, Activation.SIGMOID, Activation.sigmoid(0.25), Activation.TANH,
        Activation.RELU, Activation.SOFTPLUS, Activation.IDENTITY, Activation.SOFTMAX, Activation.leakyRelu(0.2),
        Activation.elu(0.123456789))) {
      Activation back = Activation.parse(a.spec());
      assertEquals(a.spec(), back.spec());
      assertEquals(apply(a, -0.37), apply(back, -0.37), 0.0, a.spec());
    }
    assertSame(Activation.RELU, Activation.parse("relu"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish"));
    assertTrue(e.getMessage().contains("unknown activation 'swish'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Activation.parse("relu(2)"));
    assertThrows(IllegalArgumentException.class, () -> Activation.sigmoid(0));
  }

  @Property(tries = 200)
  void softmaxRowsSumToOne(@ForAll @IntRange(min = 1, max = 5) int rows, @ForAll @IntRange(min = 1, max = 6) int cols,
      @ForAll @DoubleRange(min = -1000, max = 1000) double scale) {
    double[] v = new double[rows * cols];
    java.util.Random r = new java.util.Random(rows * 31L + cols);
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian() * scale;
    }
    Graph g = Graph.create();
    Tensor p = eval(Activation.SOFTMAX.apply(g.constant(Tensor.matrix(rows, cols, v))));
    for (int i = 0; i < rows; i++) {
      double s = 0;
      for (int j = 0; j < cols; j++) {
        assertTrue(p.get(i, j) >= 0 && Double.isFinite(p.get(i, j)));
        s += p.get(i, j);
      }
      assertEquals(1.0, s, 1e-12);
    }
  }

  private static double loss(Loss l, Tensor prediction, Tensor target) {
    Graph g = Graph.create();
    return eval(l.apply(g.constant(prediction), g.constant(target))).item();
  }

  private static Tensor lossGradient(Loss l, Tensor prediction, Tensor target) {
    Graph g = Graph.create();
    Parameter p = g.parameter("p", prediction);
    return eval(Gradients.grad(l.apply(p, g.constant(target)), p));
  }

  @Test
  void lossesMatchHandComputedValues() {
    Tensor p = Tensor.matrix(2, 2, 0.5, 1.5, -1, 2);
    Tensor t = Tensor.matrix(2, 2, 1, 1, 0, 2);
    // mse: (0.25 + 0.25 + 1 + 0) / 2 samples; mae: (0.5 + 0.5 + 1 + 0) / 2
    assertEquals(0.75, loss(Losses.mse(), p, t), TOL);
    assertEquals(1.0, loss(Losses.mae(), p, t), TOL);
    // asymmetric: deltas -0.5, 0.5, -1, 0 -> a*0.25 + b*0.25 + a*1 + b*0 with a = 2, b = 1 -> (0.5 + 0.25 + 2) / 2
    assertEquals(1.375, loss(Losses.asymmetricSquared(2, 1), p, t), TOL);

    Tensor prob = Tensor.matrix(2, 1, 0.8, 0.3);
    Tensor y = Tensor.matrix(2, 1, 1, 0);
    double bce = -(Math.log(0.8) + Math.log(0.7)) / 2;
    assertEquals(bce, loss(Losses.binaryCrossEntropy(), prob, y), TOL);
    assertEquals(-(3 * Math.log(0.8) + Math.log(0.7)) / 2, loss(Losses.weightedBinaryCrossEntropy(3), prob, y), TOL);
    assertEquals(-(0.25 * Math.log(0.8) + 0.75 * Math.log(0.7)) / 2,
        loss(Losses.balancedBinaryCrossEntropy(0.25), prob, y), TOL);
    Tensor logits = Tensor.matrix(2, 1, Math.log(4), Math.log(0.3 / 0.7));  // sigmoid gives 0.8 and 0.3
    assertEquals(bce, loss(Losses.binaryCrossEntropyWithLogits(), logits, y), 1e-12);

    Tensor g = Tensor.matrix(2, 1, 0.3, -2);
    Tensor signs = Tensor.matrix(2, 1, 1, -1);
    assertEquals((0.7 + 0) / 2, loss(Losses.hinge(), g, signs), TOL);  // [1 - 0.3]_+, [1 - 2]_+

    Tensor scores = Tensor.matrix(1, 3, 1.0, 2.5, 0.7);
    Tensor oneHot = Tensor.matrix(1, 3, 1, 0, 0);
    assertEquals(2.5, loss(Losses.multiclassHingeMax(1), scores, oneHot), TOL);  // max(2.5, 0.7) + 1 - 1
    assertEquals(2.5 + 0.7, loss(Losses.multiclassHingeSum(1), scores, oneHot), TOL);  // 2.5 + [0.7]_+

    double lse = Math.log(Math.exp(1.0) + Math.exp(2.5) + Math.exp(0.7));
    assertEquals(lse - 1.0, loss(Losses.softmaxCrossEntropy(), scores, oneHot), TOL);
    Tensor probs = Tensor.matrix(1, 3, 0.2, 0.5, 0.3);
    assertEquals(-Math.log(0.2), loss(Losses.categoricalCrossEntropy(), probs, oneHot), TOL);

    Tensor seg = Tensor.matrix(1, 4, 0.9, 0.1, 0.8, 0.0);
    Tensor mask = Tensor.matrix(1, 4, 1, 0, 1, 1);
    double inter = 0.9 + 0.8;
    assertEquals(1 - 2 * inter / (1.8 + 3 + 1e-7), loss(Losses.dice(), seg, mask), 1e-12);
    assertEquals(1 - inter / (1.8 + 3 - inter + 1e-7), loss(Losses.jaccard(), seg, mask), 1e-12);

    Tensor muSigma = Tensor.matrix(1, 2, 0.5, 2.0);
    Tensor obs = Tensor.matrix(1, 1, 1.5);
    assertEquals(Math.log(2) + 0.5 * 0.25 + 0.5 * Math.log(2 * Math.PI), loss(Losses.gaussianNll(), muSigma, obs),
        TOL);
  }

  @Test
  void stableFormsStayFiniteAtTheExtremes() {
    Tensor huge = Tensor.matrix(1, 3, 1000, -1000, 0);
    Tensor first = Tensor.matrix(1, 3, 1, 0, 0);
    assertEquals(0.0, loss(Losses.softmaxCrossEntropy(), huge, first), 1e-12);
    Tensor second = Tensor.matrix(1, 3, 0, 1, 0);
    assertEquals(2000.0, loss(Losses.softmaxCrossEntropy(), huge, second), 1e-9);
    assertTrue(lossGradient(Losses.softmaxCrossEntropy(), huge, second).isFinite());
    Tensor z = Tensor.matrix(2, 1, 1000, -1000);
    Tensor y = Tensor.matrix(2, 1, 0, 1);
    assertEquals(1000.0, loss(Losses.binaryCrossEntropyWithLogits(), z, y), 1e-9);
    assertTrue(lossGradient(Losses.binaryCrossEntropyWithLogits(), z, y).isFinite());
    Tensor certain = Tensor.matrix(2, 1, 0, 1);
    double clipped = loss(Losses.binaryCrossEntropy(), certain, Tensor.matrix(2, 1, 1, 0));
    assertTrue(Double.isFinite(clipped) && clipped > 15, "clipped at 1e-7: " + clipped);
  }

  @Test
  void targetsAreChecked() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Losses.binaryCrossEntropy().checkTargets(Tensor.matrix(2, 1, 1, 2)));
    assertTrue(e.getMessage().contains("row 1 has 2.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Losses.hinge().checkTargets(Tensor.matrix(1, 1, 0)));
    e = assertThrows(IllegalArgumentException.class,
        () -> Losses.multiclassHingeMax(1).checkTargets(Tensor.matrix(1, 3, 1, 1, 0)));
    assertTrue(e.getMessage().contains("row 0 has 2 ones"), e.getMessage());
    Graph g = Graph.create();
    e = assertThrows(IllegalArgumentException.class,
        () -> Losses.mse().apply(g.constant(Tensor.matrix(2, 2, 1, 2, 3, 4)), g.constant(Tensor.matrix(2, 1, 1, 2))));
    assertTrue(e.getMessage().startsWith("mse: prediction 2x2 and target 2x1 do not fit"), e.getMessage());
  }

  @Property(tries = 300)
  void lossesThatShouldBeAreNonNegative(@ForAll @DoubleRange(min = -30, max = 30) double a,
      @ForAll @DoubleRange(min = -30, max = 30) double b, @ForAll @DoubleRange(min = 0, max = 1) double q,
      @ForAll boolean positive) {
    Tensor scores = Tensor.matrix(1, 2, a, b);
    Tensor oneHot = positive ? Tensor.matrix(1, 2, 1, 0) : Tensor.matrix(1, 2, 0, 1);
    Tensor prob = Tensor.matrix(1, 2, q, 1 - q);
    for (Loss l : List.of(Losses.mse(), Losses.mae(), Losses.asymmetricSquared(1, 3), Losses.softmaxCrossEntropy(),
        Losses.multiclassHingeMax(1), Losses.multiclassHingeSum(1), Losses.binaryCrossEntropyWithLogits(),
        Losses.binaryCrossEntropy(), Losses.categoricalCrossEntropy(), Losses.dice(), Losses.jaccard())) {
      Tensor p = l.name().startsWith("binary_cross_entropy") && !l.name().contains("logits") || l.name().equals("dice")
          || l.name().equals("jaccard") || l.name().startsWith("categorical") ? prob : scores;
      double v = loss(l, p, oneHot);
      assertTrue(v >= -1e-12 && Double.isFinite(v), l.name() + " = " + v);
    }
  }
}
