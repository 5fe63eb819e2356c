package dev.autodiff.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autodiff.core.exec.Program;
import dev.autodiff.core.graph.Graph;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.core.tensor.Window.Padding;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Image geometry: bad shapes refused at build time, and the patches against the index formula written out. */
class ImagesTest {
  @Test
  void rejectsAnInputThatIsNotABatchOfTheImage() {
    Graph g = Graph.create();
    Node x = g.input("x", Shape.of(4, 784));
    Node k = g.parameter("k", Tensor.zeros(Shape.of(27, 8)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Images.conv2d(x, Image.of(28, 28, 3), k, Window.square(3, Padding.SAME)));
    assertEquals("conv2d: input has 784 columns, 28x28x3 needs 2352", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Images.maxPool(x, Image.of(28, 28, 3), Window.pool(2)));
    assertEquals("maxPool: input has 784 columns, 28x28x3 needs 2352", e.getMessage());
  }

  @Test
  void rejectsAKernelThatDoesNotFitTheWindowAndChannels() {
    Graph g = Graph.create();
    Node x = g.input("x", Shape.of(4, 2352));
    Node k = g.parameter("k", Tensor.zeros(Shape.of(9, 8)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Images.conv2d(x, Image.of(28, 28, 3), k, Window.square(3, Padding.SAME)));
    assertEquals("conv2d: kernel is 9x8, a 3x3 window over 3 channels needs 27 rows", e.getMessage());
    Node k27 = g.parameter("k27", Tensor.zeros(Shape.of(27, 8)));
    e = assertThrows(IllegalArgumentException.class,
        () -> Images.conv2d(x, Image.of(28, 28, 3), k27, g.parameter("b", Tensor.zeros(Shape.of(1, 7))),
            Window.square(3, Padding.SAME)));
    assertEquals("conv2d: bias is 1x7, 8 filters need 1x8", e.getMessage());
  }

  @Test
  void rejectsAValidWindowLargerThanTheImage() {
    Graph g = Graph.create();
    Node x = g.input("x", Shape.of(1, 9));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Images.avgPool(x, Image.of(3, 3, 1), Window.pool(4)));
    assertEquals("avgPool: a 4x4/4 valid window does not fit a 3x3x1 image", e.getMessage());
    assertEquals(Image.of(1, 1, 1), Window.pool(4).withSame().output(Image.of(3, 3, 1), 1));
  }

  /** Unfolding, element by element, is what the definition says, for both column orders and both paddings. */
  @Test
  void patchesAreTheIndexFormula() {
    SplittableRandom r = new SplittableRandom(7);
    Image img = Image.of(5, 7, 3);
    for (Window w : new Window[] {Window.of(3, 2, 2, 3, Padding.SAME), Window.of(2, 3, 1, 2, Padding.VALID),
        Window.of(4, 4, 3, 1, Padding.SAME)}) {
      for (boolean byChannel : new boolean[] {false, true}) {
        int n = 2;
        double[] v = new double[n * img.columns()];
        for (int i = 0; i < v.length; i++) {
          v[i] = r.nextDouble();
        }
        Graph g = Graph.create();
        Node x = g.parameter("x", Tensor.of(Shape.of(n, img.columns()), v));
        Tensor p = Program.evaluate(g.apply(Patches.of(img, w, byChannel, -7), x));
        Image out = w.output(img, 1);
        int top = w.padTop(img);
        int left = w.padLeft(img);
        for (int i = 0; i < n; i++) {
          for (int oh = 0; oh < out.height(); oh++) {
            for (int ow = 0; ow < out.width(); ow++) {
              int row = (i * out.height() + oh) * out.width() + ow;
              for (int kh = 0; kh < w.height(); kh++) {
                for (int kw = 0; kw < w.width(); kw++) {
                  for (int c = 0; c < img.channels(); c++) {
                    int y = oh * w.strideRows() - top + kh;
                    int xx = ow * w.strideCols() - left + kw;
                    boolean in = y >= 0 && y < img.height() && xx >= 0 && xx < img.width();
                    double want = in ? v[i * img.columns() + (y * img.width() + xx) * img.channels() + c] : -7;
                    int col = byChannel ? (c * w.height() + kh) * w.width() + kw
                        : (kh * w.width() + kw) * img.channels() + c;
                    assertEquals(want, p.get(row, col), w + " " + byChannel + " at " + row + "," + col);
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * A NaN in a window wins the window (whatever its place), in the value and in where the gradient goes; tested on
   * the kernel, since graphs refuse NaN constants and feeds.
   */
  @Test
  void aNanAnywhereInAWindowWinsIt() {
    Image img = Image.of(2, 2, 1);
    for (int at = 0; at < 4; at++) {
      double[] key = {1, 2, 3, 4};
      key[at] = Double.NaN;
      double[] out = new double[1];
      dev.autodiff.core.kernels.Kernels.patches().select(key, new double[] {10, 20, 30, 40}, 1, img, Window.pool(2),
          out);
      assertEquals(10.0 * (at + 1), out[0], "select with a NaN key at " + at);
      double[] routed = new double[4];
      dev.autodiff.core.kernels.Kernels.patches().route(key, new double[] {7}, 1, img, Window.pool(2), routed);
      for (int k = 0; k < 4; k++) {
        assertEquals(k == at ? 7 : 0, routed[k], "route with a NaN key at " + at);
      }
    }
  }
}
