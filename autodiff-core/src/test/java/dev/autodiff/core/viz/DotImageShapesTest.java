package dev.autodiff.core.viz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.exec.Feeds;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Input;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.ops.Images;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drawings of convolutional graphs say which values are images, and of what geometry. */
class DotImageShapesTest {
  @Test
  void imagesAreDrawnWithTheirGeometryInNodesAndLayerBoxes() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(2, 6 * 6 * 1));
    Node conv;
    try (Graph.Scope s = g.scope("conv")) {
      Node k = g.parameter("conv.W", Tensor.filled(Shape.of(9, 3), 0.1));
      conv = Images.conv2d(x, Image.of(6, 6, 1), k, Window.square(3, Window.Padding.SAME));
    }
    Node relu = conv.relu();
    Node pooled = Images.maxPool(relu, Image.of(6, 6, 3), Window.pool(2));
    Node flat = pooled.sum();
    Feeds feeds = Feeds.of(x, Tensor.filled(x.shape(), 0.5));
    String expanded = Dot.forward(List.of(flat), feeds, DotOptions.defaults());
    assertTrue(expanded.contains("input 2 x 6x6x1"), expanded);      // the input, read as images by the patches
    assertTrue(expanded.contains(">2 x 6x6x3<"), expanded);          // the convolution's output and the ReLU's
    assertTrue(expanded.contains(">2 x 3x3x3<"), expanded);          // the pooling's
    assertFalse(expanded.contains(">2x108<"), expanded);
    String collapsed = Dot.forward(List.of(flat), feeds, DotOptions.defaults().withCollapsed("conv"));
    assertTrue(collapsed.contains("output 2 x 6x6x3"), collapsed);  // the layer's box says what it makes
  }

  /** An image found going backward (a pooling reads the ReLU) reaches what comes after it going forward. */
  @Test
  void imagesFoundBackwardReachLaterConsumers() {
    Graph g = Graph.create();
    Input x = g.input("x", Shape.of(1, 4 * 4 * 2));
    Node a = x.times(2);          // an image only because b is, and b only because the pooling reads it
    Node b = a.relu();
    Node later = a.tanh();        // reached only going forward again from a
    Node pooled = Images.maxPool(b, Image.of(4, 4, 2), Window.pool(2));
    String dot = Dot.forward(List.of(pooled.sum().plus(later.sum())), null, DotOptions.defaults());
    assertTrue(dot.contains("tanh") && count(dot, ">1 x 4x4x2<") == 3, dot);  // a, relu(a) and tanh(a)
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
