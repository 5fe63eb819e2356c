package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.check.GradientCheck;
import dev.autodiff.core.check.GradientChecker;
import dev.autodiff.core.graph.Node;
import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Shape;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window;
import dev.autodiff.core.tensor.Window.Padding;
import dev.autodiff.nn.io.ModelFile;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Convolutional networks: the lecture notebook's model, its summary, saving, gradients and geometry errors. */
class CnnTest {
  static Model notebook(Image input) {
    return Cnn.builder(input)
        .conv2d(8, 3, Padding.SAME)
        .maxPool(2)
        .conv2d(16, 3, Padding.SAME)
        .maxPool(2)
        .flatten()
        .dense(128)
        .dense(10)
        .seed(1).build();
  }

  /** Keras' summary of the notebook's model on 32x32x3 inputs (the lecture's table, as today's Keras names layers), written out by hand. */
  @Test
  void theNotebooksModelHasKerasSummary() {
    assertEquals("""
        Model: 3072 inputs -> 10 outputs
        _____________________________________________________________
         Layer (type)                    Output Shape        Param #
        =============================================================
         conv2d (Conv2D)                 (None, 32, 32, 8)   224   \s
         max_pooling2d (MaxPooling2D)    (None, 16, 16, 8)   0     \s
         conv2d_1 (Conv2D)               (None, 16, 16, 16)  1,168 \s
         max_pooling2d_1 (MaxPooling2D)  (None, 8, 8, 16)    0     \s
         flatten (Flatten)               (None, 1024)        0     \s
         dense (Dense)                   (None, 128)         131,200
         dense_1 (Dense)                 (None, 10)          1,290 \s
        =============================================================
        Total params: 133,882
        Trainable params: 133,882
        Non-trainable params: 0
        _____________________________________________________________
        """, notebook(Image.of(32, 32, 3)).summary());
  }

  @Test
  void savedAndLoadedBitForBit(@TempDir Path dir) throws Exception {
    Model m = Cnn.builder(Image.of(6, 5, 2)).conv2d(3, 3, Padding.SAME, Activation.RELU).avgPool(2)
        .conv2d(4, Window.of(2, 2, 1, 1, Padding.VALID), Activation.TANH).maxPool(Window.of(2, 2, 1, 1, Padding.SAME))
        .flatten().dense(3).seed(5).build();
    Tensor x = batch(3, 60, 9);
    ModelFile.save(m, dir.resolve("cnn.adnn"));
    Model back = ModelFile.load(dir.resolve("cnn.adnn"));
    assertEquals(m.predict(x), back.predict(x));
    assertEquals(m.summary(), back.summary());
  }

  /** The whole model's gradient against finite differences, with every kind of image layer in it. */
  @Test
  void gradientsOfTheWholeModelMatchFiniteDifferences() {
    Model m = Cnn.builder(Image.of(5, 4, 2)).conv2d(3, 3, Padding.SAME, Activation.TANH)
        .maxPool(Window.of(2, 2, 2, 2, Padding.SAME)).conv2d(2, Window.of(2, 1, 1, 1, Padding.VALID), Activation.TANH)
        .avgPool(Window.of(1, 2, 1, 1, Padding.SAME)).flatten().dense(2).seed(3).build();
    Model.Pass pass = m.newPass("x", 2, false);
    Node loss = pass.output().times(pass.output()).sum();
    GradientCheck check = GradientChecker.create().check(loss, m.parameters(),
        dev.autodiff.core.exec.Feeds.of(pass.input(), batch(2, 40, 4)));
    assertTrue(check.passed(), check.toString());
  }

  /** Keras' Glorot-uniform for a kernel: limit sqrt(6 / (KH*KW*C + KH*KW*F)), not the matrix's own fans. */
  @Test
  void kernelsStartGlorotUniformWithKerasFans() {
    Conv2D c = new Conv2D(dev.autodiff.core.graph.Graph.create(), "c", Image.of(8, 8, 4), 16,
        Window.square(3, Padding.SAME), Init.xavier(), new Random(1));
    double limit = Math.sqrt(6.0 / (3 * 3 * 4 + 3 * 3 * 16));
    double largest = 0;
    Tensor k = c.kernel().value();
    for (int i = 0; i < k.size(); i++) {
      largest = Math.max(largest, Math.abs(k.at(i)));
    }
    assertEquals(Shape.of(36, 16), k.shape());
    assertTrue(largest <= limit && largest > 0.9 * limit, largest + " vs " + limit);
  }

  @Test
  void badGeometryIsNamedWhenTheModelIsBuilt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Cnn.builder(Image.of(3, 3, 1)).maxPool(4));
    assertEquals("cnn: maxPool: a 4x4/4 valid window does not fit the 3x3x1 images here", e.getMessage());
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> Cnn.builder(Image.of(4, 4, 1)).conv2d(2, 3, Padding.SAME).dense(3));
    assertEquals("cnn: dense: the batch is still 4x4x2 images here: flatten() first", s.getMessage());
    Model m = notebook(Image.of(28, 28, 1));
    e = assertThrows(IllegalArgumentException.class, () -> m.predict(batch(2, 2352, 1)));
    assertTrue(e.getMessage().contains("784"), e.getMessage());
    Conv2D c = new Conv2D(m.graph(), "probe", Image.of(28, 28, 3), 2, Window.square(3, Padding.SAME), Init.xavier(),
        new Random(1));
    Node x784 = m.graph().input("x784", Shape.of(2, 784));
    e = assertThrows(IllegalArgumentException.class, () -> c.forward(x784, new Context(false, x784, "t")));
    assertEquals("conv2d probe: input has 784 columns, 28x28x3 needs 2352", e.getMessage());
  }

  static Tensor batch(int rows, int cols, long seed) {
    Random r = new Random(seed);
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextGaussian();
    }
    return Tensor.matrix(rows, cols, v);
  }

}
