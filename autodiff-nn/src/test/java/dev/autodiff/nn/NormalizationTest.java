package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.exec.Program;
import dev.autodiff.core.exec.Results;
import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm and LayerNorm against PyTorch's {@code BatchNorm1d} and {@code LayerNorm} in float64: outputs, the
 * gradients of a fixed weighted sum, the running statistics after three training steps (applied as a trainer
 * does) and inference afterwards. The numbers come from {@code src/test/resources/reference/normalization.py},
 * committed with its output {@code normalization.txt}.
 */
class NormalizationTest {
  static final Path REFERENCE = Path.of("src/test/resources/reference/normalization.txt");
  private static final double TOLERANCE = 1e-12;
  private static final Map<String, Tensor> REF = read(REFERENCE);

  /** The reference file: {@code name rows cols v1 v2 ...} per line, {@code #} comments. */
  static Map<String, Tensor> read(Path file) {
    Map<String, Tensor> out = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");
        int rows = Integer.parseInt(f[1]);
        int cols = Integer.parseInt(f[2]);
        assertEquals(3 + rows * cols, f.length, "reference line " + f[0] + ": wrong number of values");
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
          v[i] = Double.parseDouble(f[3 + i]);
        }
        assertEquals(null, out.put(f[0], Tensor.matrix(rows, cols, v)), "reference line " + f[0] + " repeated");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  static Tensor ref(String name) {
    Tensor t = REF.get(name);
    if (t == null) {
      fail("no reference value " + name + " in " + REFERENCE);
    }
    return t;
  }

  /** Element by element within {@code 1e-12}, relative to the expected value where it exceeds 1. */
  static void assertClose(String what, Tensor expected, Tensor actual) {
    assertEquals(expected.shape(), actual.shape(), what + ": shape");
    for (int i = 0; i < expected.size(); i++) {
      double e = expected.at(i);
      double a = actual.at(i);
      if (!(Math.abs(a - e) <= TOLERANCE * Math.max(1, Math.abs(e)))) {
        fail(what + " element " + i + ": expected " + e + " (PyTorch), got " + a + ", difference " + (a - e));
      }
    }
  }

  /**
   * One pass on {@code <prefix>.x} with loss {@code sum(y * <prefix>.w)}; compares y and the gradients, then applies
   * the pass's state updates the way a trainer does (one program with the loss and the next values, then
   * {@code set}).
   */
  private static void pass(String prefix, Layer layer, Parameter gamma, Parameter beta, boolean training,
      int expectedUpdates) {
    Tensor x = ref(prefix + ".x");
    Graph g = gamma.graph();
    Input in = g.input(prefix, x.shape());
    Context ctx = new Context(training, in, prefix);
    Node y = layer.forward(in, ctx);
    Node loss = y.times(g.constant(ref(prefix + ".w"))).sum();
    List<Node> grads = Gradients.gradients(loss, in, gamma, beta);
    List<Context.StateUpdate> updates = ctx.stateUpdates();
    assertEquals(expectedUpdates, updates.size(), prefix + ": state updates");
    List<Node> outputs = new ArrayList<>(List.of(loss, y));
    outputs.addAll(grads);
    updates.forEach(u -> outputs.add(u.next()));
    Results r = Program.compile(outputs).run(Feeds.of(in, x));
    assertClose(prefix + ".y", ref(prefix + ".y"), r.get(y));
    assertClose(prefix + ".dx", ref(prefix + ".dx"), r.get(grads.get(0)));
    assertClose(prefix + ".dgamma", ref(prefix + ".dgamma"), r.get(grads.get(1)));
    assertClose(prefix + ".dbeta", ref(prefix + ".dbeta"), r.get(grads.get(2)));
    for (Context.StateUpdate u : updates) {
      u.state().set(r.get(u.next()));
    }
  }

  private static void batchNormAgainstPyTorch(String prefix, BatchNorm bn) {
    assertClose(prefix + ".init_gamma", ref(prefix + ".init_gamma"), bn.gamma().value());
    assertClose(prefix + ".init_beta", ref(prefix + ".init_beta"), bn.beta().value());
    assertClose(prefix + ".init_running_mean", ref(prefix + ".init_running_mean"), bn.runningMean().value());
    assertClose(prefix + ".init_running_var", ref(prefix + ".init_running_var"), bn.runningVar().value());
    bn.gamma().set(ref(prefix + ".gamma"));
    bn.beta().set(ref(prefix + ".beta"));
    for (int k = 1; k <= 3; k++) {
      String step = prefix + ".step" + k;
      pass(step, bn, bn.gamma(), bn.beta(), true, 2);
      assertClose(step + ".running_mean", ref(step + ".running_mean"), bn.runningMean().value());
      assertClose(step + ".running_var", ref(step + ".running_var"), bn.runningVar().value());
    }
    pass(prefix + ".eval", bn, bn.gamma(), bn.beta(), false, 0);
    assertClose(prefix + ".eval leaves running_mean", ref(prefix + ".step3.running_mean"), bn.runningMean().value());
  }

  @Test
  void batchNormWithDefaultsMatchesPyTorchOverThreeStepsAndInference() {
    BatchNorm bn = new BatchNorm(Graph.create(), "bn", 3);
    assertEquals(0.1, bn.momentum());
    assertEquals(1e-5, bn.epsilon());
    batchNormAgainstPyTorch("bn_default", bn);
  }

  @Test
  void batchNormWithCustomMomentumAndEpsilonMatchesPyTorch() {
    // batches of 2, 6 and 3 rows (N/(N-1) = 2 in the first step); the second has a constant column
    batchNormAgainstPyTorch("bn_custom", new BatchNorm(Graph.create(), "bn", 2, 0.3, 1e-3));
  }

  @Test
  void layerNormMatchesPyTorchInTrainingAndInference() {
    for (boolean training : new boolean[] {true, false}) {
      LayerNorm ln = new LayerNorm(Graph.create(), "ln", 4);
      assertEquals(1e-5, ln.epsilon());
      assertClose("ln_default.init_gamma", ref("ln_default.init_gamma"), ln.gamma().value());
      assertClose("ln_default.init_beta", ref("ln_default.init_beta"), ln.beta().value());
      ln.gamma().set(ref("ln_default.gamma"));
      ln.beta().set(ref("ln_default.beta"));
      pass("ln_default", ln, ln.gamma(), ln.beta(), training, 0);
    }
  }

  @Test
  void layerNormWithCustomEpsilonMatchesPyTorch() {
    // the second row is constant: only epsilon keeps its gradient finite
    LayerNorm ln = new LayerNorm(Graph.create(), "ln", 5, 1e-3);
    assertClose("ln_custom.init_gamma", ref("ln_custom.init_gamma"), ln.gamma().value());
    assertClose("ln_custom.init_beta", ref("ln_custom.init_beta"), ln.beta().value());
    pass("ln_custom", ln, ln.gamma(), ln.beta(), true, 0);
  }

  @Test
  void referenceFileHoldsEveryCase() {
    for (String prefix : List.of("bn_default", "bn_custom")) {
      for (String part : List.of("step1.y", "step2.dx", "step3.running_var", "eval.dgamma")) {
        assertTrue(REF.containsKey(prefix + "." + part), prefix + "." + part);
      }
    }
    assertTrue(REF.containsKey("ln_default.dx") && REF.containsKey("ln_custom.dbeta"));
    assertEquals(92, REF.size(), "reference values");
  }
}
