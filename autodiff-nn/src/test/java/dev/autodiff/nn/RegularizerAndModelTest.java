package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RegularizerAndModelTest {

  private static Dense dense(Graph g, long seed) {
    return new Dense(g, "d", 3, 2, Init.normal(1), new Random(seed));
  }

  @Property(tries = 100)
  void regularizerValuesAndGradientsEqualTheirFormulas(@ForAll @IntRange(min = 0, max = 10_000) int seed,
      @ForAll @DoubleRange(min = 0, max = 2) double lambda, @ForAll boolean biases) {
    Graph g = Graph.create();
    Dense d = dense(g, seed);
    d.bias().set(Tensor.row(0.5, -1.5));
    double[] w = d.weights().value().toArray();
    double[] b = d.bias().value().toArray();
    Regularizer l2 = biases ? Regularizer.l2(lambda) : Regularizer.l2(lambda).withoutBiases();
    Regularizer l1 = biases ? Regularizer.l1(lambda) : Regularizer.l1(lambda).withoutBiases();
    double sq = 0;
    double abs = 0;
    for (double v : w) {
      sq += v * v;
      abs += Math.abs(v);
    }
    double bsq = 0;
    double babs = 0;
    for (double v : b) {
      bsq += v * v;
      babs += Math.abs(v);
    }
    Node p2 = l2.penalty(d);
    Node p1 = l1.penalty(d);
    if (lambda == 0) {
      assertEquals(0.0, Program.evaluate(p2).item());
      return;
    }
    // L2: lambda/2 (||W||^2 + ||b||^2), gradient lambda W (and lambda b); L1: lambda sum|w|, gradient lambda sign(w).
    assertEquals(lambda / 2 * (sq + (biases ? bsq : 0)), Program.evaluate(p2).item(), 1e-12);
    assertEquals(lambda * (abs + (biases ? babs : 0)), Program.evaluate(p1).item(), 1e-12);
    List<Node> g2 = Gradients.gradients(p2, d.weights(), d.bias());
    List<Node> g1 = Gradients.gradients(p1, d.weights(), d.bias());
    Tensor gw2 = Program.evaluate(g2.get(0));
    Tensor gb2 = Program.evaluate(g2.get(1));
    Tensor gw1 = Program.evaluate(g1.get(0));
    for (int i = 0; i < w.length; i++) {
      assertEquals(lambda * w[i], gw2.at(i), 1e-12);
      assertEquals(lambda * Math.signum(w[i]), gw1.at(i), 1e-12);
    }
    for (int i = 0; i < b.length; i++) {
      assertEquals(biases ? lambda * b[i] : 0, gb2.at(i), 1e-12);
    }
    Node en = Regularizer.elasticNet(lambda, 2 * lambda).penalty(d);
    assertEquals(lambda * (abs + babs) + lambda * (sq + bsq), Program.evaluate(en).item(), 1e-12);
  }

  /** For {@code h = sigmoid(x W + b)}: {@code ||dh/dx||_F^2 = sum_j (h_j (1 - h_j))^2 sum_i W_ij^2}. */
  @Test
  void contractivePenaltyMatchesTheClosedFormForASigmoidLayer() {
    Graph g = Graph.create();
    Dense d = dense(g, 7);
    d.bias().set(Tensor.row(0.1, -0.2));
    Input x = g.input("x", Shape.of(2, 3));
    Node h = d.forward(x, new Context(false, x, "t")).sigmoid();
    Node penalty = Layers.Contractive.penalty(h, x);
    Tensor xs = Tensor.matrix(2, 3, 0.5, -1, 2, 0, 0.3, -0.7);
    Results r = Program.compile(h, penalty).run(Feeds.of(x, xs));
    Tensor hv = r.get(h);
    Tensor w = d.weights().value();
    double expected = 0;
    for (int n = 0; n < 2; n++) {
      for (int j = 0; j < 2; j++) {
        double s = hv.get(n, j) * (1 - hv.get(n, j));
        double col = 0;
        for (int i = 0; i < 3; i++) {
          col += w.get(i, j) * w.get(i, j);
        }
        expected += s * s * col;
      }
    }
    assertEquals(expected / 2, r.scalar(penalty), 1e-12);
  }

  @Test
  void activityPenaltiesAreAddedOnlyInTraining() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(2, 2));
    Context train = new Context(true, x, "a");
    Node out = Layers.activityL1(0.5).forward(x, train);
    assertEquals(x, out);
    assertEquals(1, train.penalties().size());
    Tensor v = Tensor.matrix(2, 2, 1, -2, 3, 0);
    assertEquals(0.5 * 6 / 2, Program.evaluate(train.penalties().get(0), Feeds.of(x, v)).item(), 1e-12);
    Context train2 = new Context(true, x, "b");
    Layers.activityL2(0.5).forward(x, train2);
    assertEquals(0.5 * 14 / 2, Program.evaluate(train2.penalties().get(0), Feeds.of(x, v)).item(), 1e-12);
    Context infer = new Context(false, x, "c");
    Layers.activityL1(0.5).forward(x, infer);
    assertTrue(infer.penalties().isEmpty());
  }

  @Test
  void mlpCountsTheLecturesParametersAndPredictsAnyBatchSize() {
    Model m = Mlp.builder().inputs(2).hidden(2, Activation.SIGMOID).outputs(1, Activation.SIGMOID).seed(5).build();
    assertEquals(2 * 2 + 2 + 2 * 1 + 1, m.parameterCount());
    assertEquals(List.of("hidden1.W", "hidden1.b", "output.W", "output.b"),
        m.parameters().stream().map(Parameter::parameterName).toList());
    Tensor batch = Tensor.matrix(5, 2, 0, 0, 0, 1, 1, 0, 1, 1, 0.5, -0.5);
    Tensor all = m.predict(batch);
    assertEquals(Shape.of(5, 1), all.shape());
    for (int r = 0; r < 5; r++) {
      assertEquals(all.at(r), m.predict(batch.get(r, 0), batch.get(r, 1))[0], 0.0, "row " + r);
    }
    Tensor three = m.predict(Tensor.matrix(3, 2, 0, 0, 0, 1, 1, 0));
    assertEquals(all.at(2), three.at(2), 0.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> m.predict(Tensor.matrix(1, 3, 1, 2, 3)));
    assertTrue(e.getMessage().contains("takes 2 inputs per sample, got a batch of shape 1x3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> m.predict(Double.NaN, 1));
    assertTrue(e.getMessage().contains("input row 0, column 0 is NaN"), e.getMessage());
  }

  @Test
  void initializersAreSeededAndHaveTheirScale() {
    Random r1 = new Random(42);
    Random r2 = new Random(42);
    assertEquals(Init.he().weights(50, 40, r1), Init.he().weights(50, 40, r2));
    Tensor normal = Init.normal(0.1).weights(200, 100, new Random(1));
    assertEquals(0.1, std(normal), 0.005);
    Tensor xavier = Init.xavier().weights(200, 100, new Random(1));
    double limit = Math.sqrt(6.0 / 300);
    for (int i = 0; i < xavier.size(); i++) {
      assertTrue(Math.abs(xavier.at(i)) <= limit);
    }
    assertEquals(limit / Math.sqrt(3), std(xavier), 0.003);
    assertEquals(Math.sqrt(2.0 / 200), std(Init.he().weights(200, 100, new Random(1))), 0.004);
    assertEquals(0.5 / Math.sqrt(3), std(Init.uniform(0.5).weights(200, 100, new Random(1))), 0.005);
    Model a = Mlp.builder().inputs(3).hidden(4, Activation.RELU).outputs(2, Activation.IDENTITY).seed(9).build();
    Model b = Mlp.builder().inputs(3).hidden(4, Activation.RELU).outputs(2, Activation.IDENTITY).seed(9).build();
    Model c = Mlp.builder().inputs(3).hidden(4, Activation.RELU).outputs(2, Activation.IDENTITY).seed(10).build();
    assertEquals(a.snapshot(), b.snapshot());
    assertNotEquals(a.snapshot(), c.snapshot());
    assertEquals(Tensor.zeros(Shape.of(1, 4)), a.parameters().get(1).value(), "biases start at zero");
  }

  private static double std(Tensor t) {
    double mean = 0;
    for (int i = 0; i < t.size(); i++) {
      mean += t.at(i);
    }
    mean /= t.size();
    double v = 0;
    for (int i = 0; i < t.size(); i++) {
      v += (t.at(i) - mean) * (t.at(i) - mean);
    }
    return Math.sqrt(v / t.size());
  }

  @Test
  void dropoutIsInvertedAndOnlyActiveInTraining() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(200, 50));
    Context train = new Context(true, x, "t");
    Node out = Layers.dropout(0.3).forward(x, train);
    assertEquals(1, train.noise().size());
    Context.Noise noise = train.noise().get(0);
    Tensor mask = noise.sample().apply(new Random(1), noise.input());
    int kept = 0;
    for (int i = 0; i < mask.size(); i++) {
      assertTrue(mask.at(i) == 0 || Math.abs(mask.at(i) - 1 / 0.7) < 1e-15);
      kept += mask.at(i) > 0 ? 1 : 0;
    }
    assertEquals(0.7, kept / 10_000.0, 0.02);
    Tensor ones = Tensor.filled(Shape.of(200, 50), 1);
    Tensor y = Program.evaluate(out, Feeds.of(x, ones).with(noise.input(), mask));
    double mean = 0;
    for (int i = 0; i < y.size(); i++) {
      mean += y.at(i);
    }
    assertEquals(1.0, mean / y.size(), 0.03, "inverted dropout keeps the mean");
    Context infer = new Context(false, x, "i");
    assertEquals(x, Layers.dropout(0.3).forward(x, infer));
    assertThrows(IllegalArgumentException.class, () -> Layers.dropout(1.5));
    assertThrows(IllegalArgumentException.class, () -> Layers.dropout(1.0));
  }

  @Test
  void preluLearnsASlopePerUnit() {
    Graph g = Graph.create();
    Layers.PRelu prelu = Layers.prelu(g, "act", 2, 0.25);
    Input x = g.input("x", Shape.of(1, 2));
    Node y = prelu.forward(x, new Context(false, x, "p"));
    Tensor v = Program.evaluate(y, Feeds.of(x, Tensor.row(-2, 3)));
    assertArrayEquals(new double[] {-0.5, 3}, v.toArray(), 1e-15);
    Tensor da = Program.evaluate(Gradients.grad(y.sum(), prelu.slopes()), Feeds.of(x, Tensor.row(-2, 3)));
    assertArrayEquals(new double[] {-2, 0}, da.toArray(), 1e-15);
  }
}
