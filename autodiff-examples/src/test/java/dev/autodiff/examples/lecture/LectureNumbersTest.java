package dev.autodiff.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.viz.BackpropTrace;
import org.junit.jupiter.api.Test;

/** The worked examples come out with the lecture's numbers, computed here by hand. */
class LectureNumbersTest {
  private static final double E3 = Math.exp(3);

  private static double adjoint(BackpropTrace t, String name) {
    Node n = t.output().graph().node(name).orElseThrow();
    return t.adjoint(n).orElseThrow().at(0);
  }

  private static Tensor adjointTensor(BackpropTrace t, String name) {
    return t.adjoint(t.output().graph().node(name).orElseThrow()).orElseThrow();
  }

  @Test
  void exponentialNeuron() {
    WorkedExamples.Worked w = WorkedExamples.exponentialNeuron();
    BackpropTrace t = BackpropTrace.of(w.output(), w.feeds());
    // df = 1, dc = 1, db = e^3, dw0 = e^3, da = e^3, dw1 = x e^3 = e^3, dx = w1 e^3 = 2 e^3.
    assertEquals(1.0, adjoint(t, "f"));
    assertEquals(1.0, adjoint(t, "c"));
    assertEquals(E3, adjoint(t, "b"), 1e-12);
    assertEquals(E3, adjoint(t, "w0"), 1e-12);
    assertEquals(E3, adjoint(t, "a"), 1e-12);
    assertEquals(E3, adjoint(t, "w1"), 1e-12);
    assertEquals(2 * E3, adjoint(t, "x"), 1e-12);
    assertEquals(20.09, adjoint(t, "w0"), 0.005, "the lecture rounds e^3 to 20");
    assertEquals(40.17, adjoint(t, "x"), 0.005);
    String text = LectureFiles.of(w).get("exp-neuron/trace.txt");
    assertTrue(text.contains("dx = da/dx * da = w1 * 20.0855 = 2 * 20.0855 = 40.1711"), text);
  }

  @Test
  void halfSquaredNorm() {
    WorkedExamples.Worked w = WorkedExamples.halfSquaredNorm();
    BackpropTrace t = BackpropTrace.of(w.output(), w.feeds());
    double[][] x = {{1, 2, 0}, {0, 1, -1}};
    double[][] wm = {{1, 0}, {-1, 1}, {0, 2}};
    double[][] a = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        for (int k = 0; k < 3; k++) {
          a[i][j] += x[i][k] * wm[k][j];
        }
      }
    }
    double[][] xta = new double[3][2];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        for (int k = 0; k < 2; k++) {
          xta[i][j] += x[k][i] * a[k][j];
        }
      }
    }
    assertEquals(0.5, adjoint(t, "b"));  // db = 1/2
    assertEquals(Tensor.matrix(a), adjointTensor(t, "a"));  // da = a
    assertEquals(Tensor.matrix(xta), adjointTensor(t, "W"));  // dW = X^T da
  }

  @Test
  void sigmoidChain() {
    WorkedExamples.Worked w = WorkedExamples.sigmoidChain();
    BackpropTrace t = BackpropTrace.of(w.output(), w.feeds());
    // a = w^T x = 0.5*2 - 1*1 = 0, so b = e^0 = 1, c = 2, d = 1/2, S = 1/2.
    assertEquals(0.5, t.value(w.output()).at(0));
    assertEquals(-1.0, adjoint(t, "d"));  // dS/dd = -1
    assertEquals(0.25, adjoint(t, "c"));  // dS/dd * (-1/c^2) = -1 * -1/4
    assertEquals(0.25, adjoint(t, "b"));  // dS/dc * 1
    assertEquals(-0.25, adjoint(t, "a"));  // -dS/db * e^(-a)
    assertEquals(Tensor.column(-0.5, -0.25), adjointTensor(t, "w"));  // dS/da * x
  }

  @Test
  void mlpHasTheLecturesNineParameters() {
    WorkedExamples.Mlp m = WorkedExamples.mlp();
    int count = m.loss().graph().parameters().stream().mapToInt(p -> p.shape().size()).sum();
    assertEquals(2 * 2 + 2 + 2 * 1 + 1, count);
  }
}
