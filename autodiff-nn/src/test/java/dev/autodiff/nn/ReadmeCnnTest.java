package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.tensor.Image;
import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.tensor.Window.Padding;
import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The README's convolutional network, compiled and run as written. */
class ReadmeCnnTest {
  static History run(PrintStream out, Dataset images) {
    // README-CNN-BEGIN
    Model cnn = Cnn.builder(Image.of(32, 32, 3))   // Input(shape=(32, 32, 3))
        .conv2d(8, 3, Padding.SAME)                // Conv2D(filters=8, kernel_size=(3, 3), padding='same')
        .maxPool(2)                                // MaxPool2D(pool_size=(2, 2))
        .conv2d(16, 3, Padding.SAME)
        .maxPool(2)
        .flatten()                                 // Flatten()
        .dense(128)                                // Dense(units=128)
        .dense(10)                                 // Dense(units=10): logits, the softmax is in the loss
        .seed(1).build();
    out.print(cnn.summary());                      // Keras' table: 224, 0, 1,168, 0, 0, 131,200, 1,290 = 133,882

    History h = Trainer.builder(cnn).loss(Losses.softmaxCrossEntropy()).optimizer(Optimizers.adam(0.001))
        .batchSize(32).epochs(2).seed(1).build()
        .fit(images);                              // an N x 3072 batch: each row one image, channels last
    // README-CNN-END
    return h;
  }

  @Test
  void theNotebooksModelBuildsTrainsAndPrintsKerasTable() {
    Random r = new Random(2);
    int n = 40;
    double[] pixels = new double[n * 3072];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
      for (int p = 0; p < 3072; p++) {
        // each class lights its own channel in its own band of rows, plus noise
        int row = p / 96;
        int c = p % 3;
        pixels[i * 3072 + p] = 0.1 * r.nextDouble() + (c == labels[i] % 3 && row / 4 == labels[i] % 8 ? 1 : 0);
      }
    }
    Dataset data = Dataset.of(Tensor.matrix(n, 3072, pixels), Dataset.oneHot(labels, 10));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    History h = run(new PrintStream(bytes, true, StandardCharsets.UTF_8), data);
    String summary = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("Total params: 133,882"), summary);
    assertTrue(summary.contains("(None, 8, 8, 16)"), summary);
    assertEquals(2, h.epochCount());
    assertTrue(h.get("loss").get(1) < h.get("loss").get(0), h.get("loss").toString());
  }

  @Test
  void readmeShowsExactlyThisCode() throws IOException {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/nn/ReadmeCnnTest.java"), "README-CNN");
  }
}
