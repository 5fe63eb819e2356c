package dev.autodiff.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.nn.train.Clipping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The update rules, weight decay in both forms, clipping and the step schedules against PyTorch float64 (numbers
 * made by {@code src/test/resources/reference/optim_reference.py}, committed beside it). The objective's gradient
 * is computed here by hand, not by the library, so only the rules are compared.
 */
class OptimizerReferenceTest {
  private static final double[] C = {1.0, -2.0, 0.5};
  private static final double[] D = {1.0, 3.0, 0.5};
  private static final double[] W0 = {0.3, 0.8, -1.2};
  static final Map<String, double[]> EXPECTED = read();

  /** {@code f(w) = 0.5 sum(d (w - c)^2) + 0.1 sum(w^4)}, by hand. */
  static final class Quartic implements Objective {
    final Parameter w = Graph.create().parameter("w", Tensor.row(W0));
    Clipping clipping = Clipping.none();

    @Override
    public List<Parameter> parameters() {
      return List.of(w);
    }

    @Override
    public Evaluation evaluate() {
      double[] v = w.value().toArray();
      double loss = 0;
      double[] g = new double[3];
      for (int i = 0; i < 3; i++) {
        loss += 0.5 * D[i] * (v[i] - C[i]) * (v[i] - C[i]) + 0.1 * Math.pow(v[i], 4);
        g[i] = D[i] * (v[i] - C[i]) + 0.4 * v[i] * v[i] * v[i];
      }
      Evaluation e = Evaluation.of(loss, List.of(Tensor.row(g)));
      clipping.apply(e.gradients());
      return e;
    }
  }

  @Test
  void updateRulesAndWeightDecayMatchPyTorch() {
    check("sgd", Optimizers.sgd(0.1));
    check("sgd_coupled", Optimizers.sgd(0.1).withWeightDecay(0.05, WeightDecay.COUPLED));
    check("momentum", Optimizers.momentum(0.05, 0.9));
    check("rmsprop", Optimizers.rmsprop(0.01, 0.9));
    check("adam", Optimizers.adam(0.01));
    check("adam_coupled", Optimizers.adam(0.01).withWeightDecay(0.1, WeightDecay.COUPLED));
    check("adamw", Optimizers.adamW(0.01, 0.1));
    check("adamw", Optimizers.adam(0.01).withWeightDecay(0.1, WeightDecay.DECOUPLED));
  }

  @Test
  void clippingByNormAndByValueMatchPyTorch() {
    check("sgd_clip_norm", Optimizers.sgd(0.1), Clipping.byNorm(0.5));
    check("sgd_clip_value", Optimizers.sgd(0.1), Clipping.byValue(0.3));
  }

  @Test
  void decoupledDecayOfSgdIsAShrinkAfterTheStep() {
    // no PyTorch rule for it (SGDW): by hand, w1 = w0 - eta g0 - eta lambda w0
    Quartic f = new Quartic();
    Optimizers.sgd(0.1).withWeightDecay(0.5, WeightDecay.DECOUPLED).start(f.parameters()).step(f, 0.1);
    for (int i = 0; i < 3; i++) {
      double g = D[i] * (W0[i] - C[i]) + 0.4 * Math.pow(W0[i], 3);
      assertEquals(W0[i] - 0.1 * g - 0.1 * 0.5 * W0[i], f.w.value().at(i), 1e-15);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Optimizers.lbfgs(1, 3).withWeightDecay(0.1, WeightDecay.DECOUPLED));
    assertTrue(e.getMessage().contains("decoupled weight decay is not defined"), e.getMessage());
  }

  @Test
  void stepSchedulesMatchPyTorch() {
    rates("cosine", Schedule.cosine(0.001));
    rates("restarts", Schedule.cosineWithRestarts(3, 2, 0.001));
    rates("onecycle", Schedule.oneCycle());
    rates("warmup", Schedule.warmup(5));
    rates("warmup_cosine", Schedule.warmup(5).then(Schedule.cosine(0)));
  }

  private static void rates(String name, Schedule schedule) {
    double[] want = EXPECTED.get(name);
    Schedule s = schedule.start();
    for (int k = 0; k < want.length; k++) {
      double got = s.rate(0.1, new Schedule.Clock(k, k / 5, 5, want.length));
      assertEquals(want[k], got, 1e-15 + 1e-12 * want[k], name + " step " + k);
    }
  }

  private static void check(String name, Optimizer o) {
    check(name, o, Clipping.none());
  }

  private static void check(String name, Optimizer o, Clipping clipping) {
    double[] want = EXPECTED.get(name);
    Quartic f = new Quartic();
    f.clipping = clipping;
    Optimizer.State run = o.start(f.parameters());
    for (int step = 0; step < want.length / 3; step++) {
      run.step(f, o.learningRate());
      for (int i = 0; i < 3; i++) {
        double w = want[step * 3 + i];
        assertEquals(w, f.w.value().at(i), 1e-12 * Math.max(1, Math.abs(w)),
            o.name() + " (" + name + ") step " + (step + 1) + " element " + i);
      }
    }
  }

  private static Map<String, double[]> read() {
    try {
      Map<String, double[]> out = new HashMap<>();
      for (String line : Files.readAllLines(Path.of("src/test/resources/reference/optim_reference.txt"))) {
        String[] parts = line.trim().split("\\s+");
        double[] v = new double[parts.length - 1];
        for (int i = 1; i < parts.length; i++) {
          v[i - 1] = Double.parseDouble(parts[i]);
        }
        out.put(parts[0], v);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
