package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.viz.Graphviz;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The per-neuron view against the lecture's formulas, recomputed by hand from the weights. */
class NeuronViewTest {
  static Model lectureMlp(Activation hidden, Activation out) {
    return Mlp.builder().inputs(2).hidden(2, hidden).outputs(1, out).init(Init.uniform(1)).seed(7).build();
  }

  @Test
  void numbersAreTheLecturesFormulas() {
    for (Activation[] acts : new Activation[][] {{Activation.SIGMOID, Activation.SIGMOID},
        {Activation.TANH, Activation.IDENTITY}}) {
      Model m = Mlp.builder().inputs(2).hidden(3, acts[0]).hidden(2, acts[0]).outputs(2, acts[1])
          .init(Init.uniform(1)).seed(11).build();
      double[] x = {1, 0.5};
      double[] d = {1, -0.5};
      NeuronView v = NeuronView.of(m, x, d);
      assertEquals(3, v.layers().size());
      // by hand: forward with the lecture's S_j = sum_i w_ij y_i (w_0j the bias, y_0 = 1), y_j = phi(S_j)
      double[][] ys = new double[4][];
      ys[0] = x;
      double[][] ss = new double[4][];
      for (int l = 1; l <= 3; l++) {
        Dense dense = (Dense) ((Sequential) m.network()).layers().get(2 * (l - 1));
        Tensor w = dense.weights().value();
        Tensor b = dense.bias().value();
        ss[l] = new double[w.cols()];
        ys[l] = new double[w.cols()];
        for (int j = 0; j < w.cols(); j++) {
          double s = b.at(j);
          for (int i = 0; i < w.rows(); i++) {
            s += w.get(i, j) * ys[l - 1][i];
          }
          ss[l][j] = s;
          ys[l][j] = phi(l == 3 ? acts[1] : acts[0], s);
          assertEquals(s, v.layers().get(l - 1).sums()[j], 1e-14);
          assertEquals(ys[l][j], v.layers().get(l - 1).outputs()[j], 1e-14);
        }
      }
      // backward: delta_j = phi'(S_j) e_j on the output, phi'(S_j) sum_k delta_k w_jk below; dE/dw_ij = -delta_j y_i
      double[][] deltas = new double[4][];
      double error = 0;
      for (int l = 3; l >= 1; l--) {
        deltas[l] = new double[ys[l].length];
        Activation a = l == 3 ? acts[1] : acts[0];
        for (int j = 0; j < deltas[l].length; j++) {
          double back;
          if (l == 3) {
            back = d[j] - ys[3][j];
            error += 0.5 * back * back;
          } else {
            back = 0;
            Dense next = (Dense) ((Sequential) m.network()).layers().get(2 * l);
            for (int k = 0; k < deltas[l + 1].length; k++) {
              back += deltas[l + 1][k] * next.weights().value().get(j, k);
            }
          }
          deltas[l][j] = phiPrime(a, ss[l][j], ys[l][j]) * back;
          NeuronView.Layer layer = v.layers().get(l - 1);
          assertEquals(deltas[l][j], layer.deltas()[j], 1e-13, "delta layer " + l + " neuron " + j);
          for (int i = 0; i <= ys[l - 1].length; i++) {
            double yi = i == 0 ? 1 : ys[l - 1][i - 1];
            assertEquals(-deltas[l][j] * yi, layer.gradients()[i][j], 1e-13, "dE/dw " + i + j + " layer " + l);
          }
        }
      }
      assertEquals(error, v.error(), 1e-14);
    }
  }

  @Test
  void theTraceWritesEachNeuronsFormulaWithItsNumbers() {
    NeuronView v = NeuronView.of(lectureMlp(Activation.SIGMOID, Activation.SIGMOID), new double[] {1, 0},
        new double[] {1});
    String text = NeuronTrace.text(v);
    NeuronView.Layer out = v.layers().get(1);
    String e = dev.autodiff.core.tensor.TensorFormat.number(1 - out.outputs()[0]);
    assertTrue(text.contains("e_1 = d_1 - y_1^(2) = 1 - "), text);
    assertTrue(text.contains("delta_1^(2) = phi'(S_1^(2)) e_1 = "
        + dev.autodiff.core.tensor.TensorFormat.number(out.derivatives()[0]) + " * " + e + " = "), text);
    assertTrue(text.contains("delta_2^(1) = phi'(S_2^(1)) sum_k delta_k^(2) w_2,k^(2) = "), text);
    assertTrue(text.contains("dE/dw_0,1^(1) = -delta_1^(1) y_0^(0) = "), text);
    assertTrue(NeuronTrace.latex(v).startsWith("\\begin{align*}\n"), NeuronTrace.latex(v));
    assertTrue(NeuronTrace.latex(v).contains("\\delta^{(2)}_{1} = \\varphi'(S^{(2)}_{1}) e_1"), NeuronTrace.latex(v));
    assertTrue(NeuronTrace.markdown(v).contains("- `e_1 = d_1 - y_1^(2) = 1 - "), NeuronTrace.markdown(v));
  }

  @Test
  void theDrawingHasACircleForEachNeuronAndAnEdgeForEachWeight() throws Exception {
    NeuronView v = NeuronView.of(lectureMlp(Activation.SIGMOID, Activation.SIGMOID), new double[] {1, 0},
        new double[] {1});
    String dot = NeuronDrawing.dot(v, 0.5);
    assertEquals(2 + 2 + 1, dot.lines().filter(l -> l.matches("  l\\dn\\d+ \\[label=.*")).count(), dot);
    assertEquals(2, dot.lines().filter(l -> l.matches("  l\\db \\[label=\"\\+1\".*")).count(), dot);
    assertEquals(3 * 2 + 3 * 1, count(dot, " -> l"));  // 2x(2+1) weights into the hidden layer, 1x(2+1) into the output
    double step = -0.5 * v.layers().get(1).gradients()[0][0];
    assertTrue(dot.contains("&#916;w = " + dev.autodiff.core.tensor.TensorFormat.number(step)), dot);
    if (Graphviz.isAvailable() || System.getenv("AUTODIFF_REQUIRE_GRAPHVIZ") != null) {
      assertTrue(Graphviz.renderStrict(dot, "svg").length > 1000);
    }
  }

  @Test
  void refusesWhatItCannotDrawNamingIt() {
    Model softmax = Mlp.builder().inputs(2).hidden(2, Activation.SIGMOID).outputs(2, Activation.SOFTMAX).seed(1)
        .build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NeuronView.of(softmax, new double[] {1, 0}, new double[] {1, 0}));
    assertTrue(e.getMessage().startsWith("neurons: layer 4 is a softmax"), e.getMessage());
    Graph g = Graph.create();
    Model norm = new Model(g, Sequential.of(new Dense(g, "a", 2, 2, Init.xavier(), new Random(1)),
        new BatchNorm(g, "bn", 2)), 2);
    e = assertThrows(IllegalArgumentException.class, () -> NeuronView.of(norm, new double[] {1, 0},
        new double[] {1, 0}));
    assertTrue(e.getMessage().startsWith("neurons: layer 2 (batchnorm"), e.getMessage());
    Model ok = lectureMlp(Activation.SIGMOID, Activation.SIGMOID);
    e = assertThrows(IllegalArgumentException.class, () -> NeuronView.of(ok, new double[] {1}, new double[] {1}));
    assertEquals("neurons: the sample has 1 values, the model takes 2", e.getMessage());
  }

  private static double phi(Activation a, double s) {
    return switch (a.spec()) {
      case "sigmoid" -> 1 / (1 + Math.exp(-s));
      case "tanh" -> Math.tanh(s);
      default -> s;
    };
  }

  private static double phiPrime(Activation a, double s, double y) {
    return switch (a.spec()) {
      case "sigmoid" -> y * (1 - y);
      case "tanh" -> 1 - y * y;
      default -> 1;
    };
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
