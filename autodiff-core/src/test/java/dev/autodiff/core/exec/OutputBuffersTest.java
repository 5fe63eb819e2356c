package dev.autodiff.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.grad.Gradients;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.graph.Parameter;
import dev.autodiff.core.tensor.MutableTensor;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.ReadmeSnippets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's loop over reused storage: live feeds and output buffers, against fresh runs on immutable tensors. */
class OutputBuffersTest {
  @Test
  void theReadmeLoopGivesWhatFreshRunsGive() throws Exception {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(2, 3));
    Parameter w = g.parameter("w", Tensor.column(1, -1, 2));
    Node loss = x.matmul(w).square().sum();
    Node grad = Gradients.grad(loss, w);
    Program program = Program.compile(loss, grad);
    Tensor data = Tensor.matrix(4, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1);
    double[] losses = new double[3];
    Tensor[] gradients = new Tensor[3];
    // readme-output-buffers-BEGIN
    OutputBuffers out = program.newOutputBuffers();        // one MutableTensor per output, allocated once
    MutableTensor batch = MutableTensor.zeros(Shape.of(2, 3));
    Feeds feeds = Feeds.of(x, batch);                      // a live feed: read as it is at every run
    for (int step = 0; step < 3; step++) {
      batch.copyRows(data, new int[] {step, step + 1});    // refill the batch in place
      program.runInto(feeds, out);                         // overwrites out's values: nothing allocated
      losses[step] = out.scalar(loss);
      gradients[step] = out.get(grad).snapshot();          // a copy to keep; out.get(grad).array() is live
    }
    // readme-output-buffers-END
    // by hand: rows (1,0,0) and (0,1,0) give x w = (1, -1), a loss of 2 and a gradient 2 x^T (x w) = (2, -2, 0)
    assertEquals(2.0, losses[0]);
    assertEquals(Tensor.column(2, -2, 0), gradients[0]);
    for (int step = 0; step < 3; step++) {
      Results fresh = program.run(Feeds.of(x, data.rows(step, step + 1)));
      assertEquals(fresh.scalar(loss), losses[step], "step " + step);
      assertEquals(fresh.get(grad), gradients[step], "step " + step);
    }
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/core/exec/OutputBuffersTest.java"),
        "readme-output-buffers");
  }

  @Test
  void misuseOfReusedStorageIsRefusedClearly() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(1, 2));
    MutableTensor batch = MutableTensor.zeros(Shape.of(1, 2));
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> Feeds.of(x, MutableTensor.zeros(Shape.of(2, 1))));
    assertTrue(shape.getMessage().contains("shape"), shape.getMessage());
    Tensor frozen = batch.freeze();
    IllegalStateException gone = assertThrows(IllegalStateException.class, () -> Feeds.of(x, batch));
    assertTrue(gone.getMessage().contains("freeze"), gone.getMessage());
    assertThrows(IllegalStateException.class, () -> batch.setAt(0, 1));
    assertEquals(Tensor.row(0, 0), frozen);
    MutableTensor rows = MutableTensor.zeros(Shape.of(2, 2));
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> rows.copyRows(Tensor.matrix(2, 2, 1, 2, 3, 4), new int[] {0, 2}));
    assertTrue(outside.getMessage().contains("row 2"), outside.getMessage());
    IllegalArgumentException fill = assertThrows(IllegalArgumentException.class,
        () -> rows.copyRows(Tensor.matrix(2, 2, 1, 2, 3, 4), new int[] {0}));
    assertTrue(fill.getMessage().contains("do not fill"), fill.getMessage());
  }
}
