package dev.autodiff.nn.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.function.UnaryOperator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class ClassicNeuronTest {
  static final double[][] PAIRS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  static final double[] AND = {0, 0, 0, 1};
  static final double[] OR = {0, 1, 1, 1};
  static final double[] XOR = {0, 1, 1, 0};

  @Test
  void handWiredNeuronsComputeTheGates() {
    assertTrue(ThresholdNeuron.and().computes(PAIRS, AND));
    assertTrue(ThresholdNeuron.or().computes(PAIRS, OR));
    assertTrue(ThresholdNeuron.not().computes(new double[][] {{0}, {1}}, new double[] {1, 0}));
    assertEquals(-1.0, ThresholdNeuron.bipolar(-0.5, 1).output(0));
  }

  @Test
  void thePerceptronLearnsAndOrNot() {
    for (double[] gate : new double[][] {AND, OR}) {
      double[] w = new double[3];
      int epochs = LearningRules.trainPerceptron(w, PAIRS, gate, 0.1, 100);
      assertTrue(epochs > 0, "converged");
      assertTrue(new ThresholdNeuron(w).computes(PAIRS, gate));
    }
    double[] w = new double[2];
    assertTrue(LearningRules.trainPerceptron(w, new double[][] {{0}, {1}}, new double[] {1, 0}, 0.1, 100) > 0);
    assertTrue(new ThresholdNeuron(w).computes(new double[][] {{0}, {1}}, new double[] {1, 0}));
  }

  /**
   * No threshold neuron represents XOR: it would need {@code w0 < 0} (for 00), {@code w0 + w1 >= 0} and
   * {@code w0 + w2 >= 0} (for 10, 01), so {@code w0 + w1 + w2 >= -w0 > 0}, yet 11 needs it {@code < 0}. The test
   * checks this on a grid of weights and shows the perceptron rule never settles.
   */
  @Test
  void noSingleThresholdNeuronRepresentsXor() {
    int representable = 0;
    for (double w0 = -3; w0 <= 3; w0 += 0.125) {
      for (double w1 = -3; w1 <= 3; w1 += 0.125) {
        for (double w2 = -3; w2 <= 3; w2 += 0.125) {
          representable += new ThresholdNeuron(w0, w1, w2).computes(PAIRS, XOR) ? 1 : 0;
        }
      }
    }
    assertEquals(0, representable);
    double[] w = new double[3];
    assertEquals(-1, LearningRules.trainPerceptron(w, PAIRS, XOR, 0.1, 1000));
    assertFalse(new ThresholdNeuron(w).computes(PAIRS, XOR));
  }

  @Test
  void hebbMovesEachActiveWeightByDelta() {
    double[] w = {0.1, 0.2, -0.3};
    assertArrayEquals(new double[] {0.6, 0.2, 0.2}, LearningRules.hebb(w, new double[] {0, 1}, 1, 0.5), 1e-15);
    assertArrayEquals(new double[] {-0.4, -0.3, -0.8}, LearningRules.hebb(w, new double[] {1, 1}, -1, 0.5), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> LearningRules.hebb(w, new double[] {0.5, 1}, 1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> LearningRules.hebb(w, new double[] {0, 1}, 0, 0.5));
  }

  /** The engine's gradient step on {@code E = 1/2 (f(S) - t)^2} for one neuron, {@code S = w0 + w . x}. */
  private static double[] engineStep(double[] w, double[] x, double t, double eta, UnaryOperator<Node> f) {
    return engineStep(w, x, eta, s -> f.apply(s).minus(t).square().times(0.5));
  }

  private static double[] withBias(double[] x) {
    double[] b = new double[x.length + 1];
    b[0] = 1;
    System.arraycopy(x, 0, b, 1, x.length);
    return b;
  }

  @Property(tries = 200)
  void deltaRulesAreGradientStepsOfTheSquaredError(@ForAll @DoubleRange(min = -2, max = 2) double w0,
      @ForAll @DoubleRange(min = -2, max = 2) double w1, @ForAll @DoubleRange(min = -2, max = 2) double w2,
      @ForAll @DoubleRange(min = 0, max = 1) double x1, @ForAll @DoubleRange(min = 0, max = 1) double x2,
      @ForAll @DoubleRange(min = 0, max = 1) double t, @ForAll @DoubleRange(min = 0.5, max = 3) double lambda) {
    double[] w = {w0, w1, w2};
    double[] x = {x1, x2};
    double eta = 0.3;
    assertArrayEquals(engineStep(w, x, t, eta, s -> s), LearningRules.delta(w, x, t, eta), 1e-12);
    assertArrayEquals(engineStep(w, x, t, eta, Node::tanh),
        LearningRules.generalizedDelta(w, x, t, eta, Math::tanh, s -> 1 - Math.tanh(s) * Math.tanh(s)), 1e-12);
    assertArrayEquals(engineStep(w, x, t, eta, s -> s.div(lambda).sigmoid()),
        LearningRules.sigmoidDelta(w, x, t, eta, lambda), 1e-12);
  }

  /**
   * The perceptron rule is the gradient step of the perceptron criterion {@code E = [-(2t - 1) S]_+} (zero when the
   * sample is classified right), and Hebb's rule the gradient step of {@code E = -t S} with rate {@code delta}.
   */
  @Property(tries = 200)
  void perceptronAndHebbAreGradientStepsToo(@ForAll @DoubleRange(min = -2, max = 2) double w0,
      @ForAll @DoubleRange(min = -2, max = 2) double w1, @ForAll @DoubleRange(min = -2, max = 2) double w2,
      @ForAll boolean x1, @ForAll boolean x2, @ForAll boolean positive) {
    double[] w = {w0, w1, w2};
    double[] x = {x1 ? 1 : 0, x2 ? 1 : 0};
    double s = LearningRules.sum(w, x);
    if (Math.abs(s) < 1e-9) {
      return;  // on the boundary the criterion has a kink
    }
    double t01 = positive ? 1 : 0;
    double sign = positive ? 1 : -1;
    assertArrayEquals(engineStep(w, x, 0.3, n -> n.times(-sign).relu()), LearningRules.perceptron(w, x, t01, 0.3),
        1e-12);
    assertArrayEquals(engineStep(w, x, 0.5, n -> n.times(-sign)), LearningRules.hebb(w, x, sign, 0.5), 1e-12);
  }

  /** The engine's gradient step on a loss {@code E(S)} of one neuron. */
  private static double[] engineStep(double[] w, double[] x, double eta, UnaryOperator<Node> loss) {
    Graph g = Graph.create();
    Parameter wp = g.parameter("w", Tensor.column(w));
    Input xi = g.input("x", Shape.of(1, w.length));
    Node e = loss.apply(xi.matmul(wp)).sum();
    Tensor grad = Program.evaluate(Gradients.grad(e, wp), Feeds.of(xi, Tensor.row(withBias(x))));
    double[] out = w.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] -= eta * grad.at(i);
    }
    return out;
  }

  @Test
  void rulesRejectBadArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LearningRules.delta(new double[] {1, 2}, new double[] {1, 2}, 0, 0.1));
    assertTrue(e.getMessage().contains("2 weights (with w0) for 2 inputs"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LearningRules.perceptron(new double[2], new double[1], 2, 0.1));
    assertThrows(IllegalArgumentException.class, () -> LearningRules.delta(new double[2], new double[1], 0, -1));
  }
}
