package dev.autodiff.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OptimizersTest {
  /** {@code f(w) = 1/2 w^T A w - b^T w}, minimum at {@code A^-1 b}. */
  static final class Quadratic implements Objective {
    final Parameter w;
    final Node loss;
    final Node grad;
    final Node hessian;
    final Program program;
    int evaluations;

    Quadratic(double... start) {
      Graph g = Graph.create();
      w = g.parameter("w", Tensor.column(start));
      Node a = g.constant(Tensor.matrix(3, 3, 4, 1, 0, 1, 3, 0.5, 0, 0.5, 2));
      Node b = g.constant(Tensor.column(1, -2, 0.5));
      loss = w.transpose().matmul(a).matmul(w).sum().times(0.5).minus(b.transpose().matmul(w).sum());
      grad = Gradients.grad(loss, w);
      hessian = Gradients.hessian(loss, w);
      program = Program.compile(loss, grad);
    }

    @Override
    public List<Parameter> parameters() {
      return List.of(w);
    }

    @Override
    public Evaluation evaluate() {
      evaluations++;
      Results r = program.run();
      return Evaluation.of(r.scalar(loss), List.of(r.get(grad)));
    }

    @Override
    public Tensor hessian() {
      return Program.evaluate(hessian);
    }

    double value() {
      return Program.evaluate(loss).item();
    }
  }

  static final List<Supplier<Optimizer>> ALL = List.of(() -> Optimizers.sgd(0.1),
      () -> Optimizers.momentum(0.05, 0.9), () -> Optimizers.nesterov(0.05, 0.9), () -> Optimizers.adagrad(0.5),
      () -> Optimizers.rmsprop(0.05), () -> Optimizers.adam(0.1), () -> Optimizers.adamW(0.1, 0.01),
      () -> Optimizers.newton(1), () -> Optimizers.lbfgs(1, 5));

  @Test
  void everyOptimizerLowersAConvexQuadratic() {
    for (Supplier<Optimizer> s : ALL) {
      Optimizer o = s.get();
      Quadratic q = new Quadratic(2, 2, -2);
      double start = q.value();
      Optimizer.State run = o.start(q.parameters());
      for (int i = 0; i < 50; i++) {
        run.step(q, o.learningRate());
      }
      double end = q.value();
      // the minimum is -0.5 b^T A^-1 b = -1.10...; from 28 every rule gets within reach of it in 50 steps
      assertTrue(end < start - 1, o.name() + ": " + start + " -> " + end);
    }
  }

  @Test
  void newtonSolvesAQuadraticInOneStep() {
    Quadratic q = new Quadratic(2, 2, -2);
    step(Optimizers.newton(1), q);
    MutableTensor g = q.evaluate().gradients().get(0);
    for (int i = 0; i < 3; i++) {
      assertEquals(0.0, g.at(i), 1e-12);
    }
  }

  @Test
  void lbfgsConverges() {
    Quadratic q = new Quadratic(2, 2, -2);
    Optimizer o = Optimizers.lbfgs(1, 5);
    Optimizer.State run = o.start(q.parameters());
    for (int i = 0; i < 20; i++) {
      run.step(q, 1);
    }
    MutableTensor g = q.evaluate().gradients().get(0);
    for (int i = 0; i < 3; i++) {
      assertEquals(0.0, g.at(i), 1e-8);
    }
  }

  @Test
  void aZeroGradientChangesNothing() {
    for (Supplier<Optimizer> s : ALL) {
      Optimizer o = s.get();
      if (o.name().startsWith("adamw")) {
        continue;  // decoupled weight decay shrinks weights whatever the gradient: that is its point
      }
      Graph g = Graph.create();
      Parameter p = g.parameter("p", Tensor.row(1.5, -2));
      Objective f = new Objective() {
        @Override
        public List<Parameter> parameters() {
          return List.of(p);
        }

        @Override
        public Evaluation evaluate() {
          return Evaluation.of(0, List.of(Tensor.zeros(p.shape())));
        }

        @Override
        public Tensor hessian() {
          return Tensor.identity(2);
        }
      };
      Optimizer.State run = o.start(f.parameters());
      for (int i = 0; i < 3; i++) {
        run.step(f, o.learningRate());
      }
      assertEquals(Tensor.row(1.5, -2), p.value(), o.name());
    }
  }

  /** One step from w = (2, 2, -2) where the gradient is g = A w - b = (9, 2, -4.5). */
  @Test
  void eachUpdateRuleMatchesItsFormulaOnAHandComputedStep() {
    double[] w = {2, 2, -2};
    double[] g = {4 * 2 + 1 * 2 - 1, 1 * 2 + 3 * 2 + 0.5 * -2 + 2, 0.5 * 2 + 2 * -2 - 0.5};
    assertArrayEquals(new double[] {9, 9, -3.5}, g, 1e-15);

    assertStep(Optimizers.sgd(0.1), i -> w[i] - 0.1 * g[i]);
    assertStep(Optimizers.momentum(0.1, 0.9), i -> w[i] - 0.1 * g[i]);  // m = 0.9*0 + eta g
    assertStep(Optimizers.adagrad(0.5), i -> w[i] - 0.5 * g[i] / Math.sqrt(g[i] * g[i] + 1e-8));
    assertStep(Optimizers.rmsprop(0.05, 0.9), i -> w[i] - 0.05 * g[i] / (Math.sqrt(0.1 * g[i] * g[i]) + 1e-8));
    // Adam's first step: m_hat = g, v_hat = g^2, so each weight moves by eta * sign(g) (up to eps).
    assertStep(Optimizers.adam(0.1), i -> w[i] - 0.1 * g[i] / (Math.abs(g[i]) + 1e-8));
    assertStep(Optimizers.adamW(0.1, 0.5), i -> w[i] - 0.1 * (g[i] / (Math.abs(g[i]) + 1e-8) + 0.5 * w[i]));
    // Nesterov, the lecture's sequence by hand: m' = gamma m + eta g(w - gamma m), w' = w - m'. The parameters hold
    // the look-ahead point u = w - gamma m (PyTorch's and Keras's choice), so after each step they must equal it.
    Quadratic q = new Quadratic(w);
    Optimizer.State nesterov = Optimizers.nesterov(0.1, 0.5).start(q.parameters());
    nesterov.step(q, 0.1);
    double[] m1 = new double[3];
    double[] w1 = new double[3];
    double[] u1 = new double[3];
    for (int i = 0; i < 3; i++) {
      m1[i] = 0.1 * g[i];  // the look-ahead point of step 1 is w itself (m = 0)
      w1[i] = w[i] - m1[i];
      u1[i] = w1[i] - 0.5 * m1[i];
      assertEquals(u1[i], q.w.value().at(i), 1e-15, "after step 1, element " + i);
    }
    double[] ga = {4 * u1[0] + u1[1] - 1, u1[0] + 3 * u1[1] + 0.5 * u1[2] + 2, 0.5 * u1[1] + 2 * u1[2] - 0.5};
    nesterov.step(q, 0.1);
    for (int i = 0; i < 3; i++) {
      double m2 = 0.5 * m1[i] + 0.1 * ga[i];
      double w2 = w1[i] - m2;
      assertEquals(w2 - 0.5 * m2, q.w.value().at(i), 1e-13, "after step 2, element " + i);
    }
    assertEquals(2, q.evaluations, "one evaluation per step, at the parameters' values");
  }

  private interface Expected {
    double at(int i);
  }

  private static void assertStep(Optimizer o, Expected expected) {
    Quadratic q = new Quadratic(2, 2, -2);
    step(o, q);
    double[] got = q.w.value().toArray();
    for (int i = 0; i < 3; i++) {
      assertEquals(expected.at(i), got[i], 1e-13, o.name() + " element " + i);
    }
  }

  private static void step(Optimizer o, Objective f) {
    o.start(f.parameters()).step(f, o.learningRate());
  }

  @Test
  void absurdHyperParametersAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(-0.1));
    assertTrue(e.getMessage().contains("learning rate must be positive"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Optimizers.momentum(0.1, 1.0));
    assertThrows(IllegalArgumentException.class, () -> Optimizers.adam(0.1, 1.2, 0.9));
    assertThrows(IllegalArgumentException.class, () -> Optimizers.lbfgs(1, 0));
    assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(Double.NaN));
  }

  @Test
  void epochSchedulesFollowTheirFormulas() {
    assertEquals(0.1, Schedule.constant().rate(0.1, at(70, 7)), 0);
    assertEquals(0.1 * 0.25, Schedule.step(3, 0.5).rate(0.1, at(70, 7)), 1e-15);
    assertEquals(0.1 * Math.pow(0.9, 4), Schedule.exponential(0.9).rate(0.1, at(40, 4)), 1e-15);
    assertEquals(0.1 / 3, Schedule.inverseTime(0.5).rate(0.1, at(40, 4)), 1e-15);
    Schedule plateau = Schedule.reduceOnPlateau(0.5, 2, 0, 1e-4).start();
    assertEquals(0.1, plateau.rate(0.1, at(0, 0)));
    plateau.epochEnded(0, 1.0);
    assertEquals(0.1, plateau.rate(0.1, at(10, 1)));
    plateau.epochEnded(1, 1.0);  // one epoch without improvement
    assertEquals(0.1, plateau.rate(0.1, at(20, 2)));
    plateau.epochEnded(2, 1.0);  // two: halve
    assertEquals(0.05, plateau.rate(0.1, at(30, 3)), 1e-15);
    plateau.epochEnded(3, 0.5);  // improved
    assertEquals(0.05, plateau.rate(0.1, at(40, 4)), 1e-15);
    assertEquals(0.1, Schedule.reduceOnPlateau(0.5, 2, 0, 1e-4).start().rate(0.1, at(40, 4)),
        "start() gives a schedule without the memory of another run");
  }

  private static Schedule.Clock at(long step, int epoch) {
    return new Schedule.Clock(step, epoch, 10, 1000);
  }
}
