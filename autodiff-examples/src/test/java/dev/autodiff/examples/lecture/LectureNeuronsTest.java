package dev.autodiff.examples.lecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.viz.BackpropTrace;
import dev.autodiff.nn.NeuronView;
import org.junit.jupiter.api.Test;

/**
 * The neuron view of the lecture's 2-2-1 MLP (an {@code Mlp}, gradients from a compiled program) against the
 * backprop trace of the same network built node by node ({@code BackpropTrace}, its own reverse pass): the local
 * gradient of each neuron is minus the adjoint of its sum, and the values agree.
 */
class LectureNeuronsTest {
  @Test
  void deltasAreMinusTheTracesAdjointsOfTheSums() {
    WorkedExamples.Mlp m = WorkedExamples.mlp();
    BackpropTrace trace = BackpropTrace.of(m.loss(), m.feeds());
    NeuronView v = LectureFiles.neurons();
    Tensor z1 = adjoint(trace, "z1");
    Tensor z2 = adjoint(trace, "z2");
    for (int j = 0; j < 2; j++) {
      assertEquals(-z1.at(j), v.layers().get(0).deltas()[j], 1e-15);
      assertEquals(value(trace, "z1").at(j), v.layers().get(0).sums()[j], 1e-15);
      assertEquals(value(trace, "h").at(j), v.layers().get(0).outputs()[j], 1e-15);
    }
    assertEquals(-z2.at(0), v.layers().get(1).deltas()[0], 1e-15);
    assertEquals(value(trace, "L").item(), v.error(), 1e-15);
    Tensor dW2 = adjoint(trace, "W2");
    assertEquals(dW2.at(1), v.layers().get(1).gradients()[2][0], 1e-15);  // w_21 = W2[1], the second hidden neuron's
  }

  private static Node named(BackpropTrace t, String name) {
    return t.forwardNodes().stream().filter(n -> n.name().orElse("").equals(name)).findFirst().orElseThrow();
  }

  private static Tensor adjoint(BackpropTrace t, String name) {
    return t.adjoint(named(t, name)).orElseThrow();
  }

  private static Tensor value(BackpropTrace t, String name) {
    return t.value(named(t, name));
  }
}
