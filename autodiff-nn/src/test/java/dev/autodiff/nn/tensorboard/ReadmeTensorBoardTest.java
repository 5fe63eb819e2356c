package dev.autodiff.nn.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's TensorBoard block, compiled and run as written; the file it leaves is read back. */
class ReadmeTensorBoardTest {
  @Test
  void theReadmesCallbackWritesScalarsGraphAndHistograms(@TempDir Path dir) throws IOException {
    Random r = new Random(5);
    double[][] x = new double[600][3];
    double[][] t = new double[600][1];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < 3; j++) {
        x[i][j] = r.nextGaussian();
      }
      t[i][0] = x[i][0] - 2 * x[i][1] + 0.5 * x[i][2];
    }
    Dataset all = Dataset.of(x, t);
    Dataset train = all.range(0, 300);
    Dataset valid = all.range(300, 600);
    Model model = Mlp.builder().inputs(3).hidden(4, Activation.TANH).outputs(1, Activation.IDENTITY).seed(2).build();
    // README-TENSORBOARD-BEGIN
    Dataset probe = valid.range(0, 256);                  // a fixed batch: the gradients' histograms are computed on it
    try (TensorBoardCallback board = TensorBoardCallback.open(dir.resolve("logs"), model, Losses.mse(), probe)) {
      Trainer.builder(model).loss(Losses.mse()).optimizer(Optimizers.adam(0.01)).epochs(3).callback(board).build()
          .fit(train);
    }
    // tensorboard --logdir logs
    // README-TENSORBOARD-END
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
      files = s.toList();
    }
    assertEquals(1, files.size(), "one event file: " + files);
    EventFile f = EventFile.read(files.get(0));
    assertEquals(1, f.graphs().size());
    // histograms at step 0 and after each of the 3 epochs, for each parameter and its gradient
    long steps = f.histograms().stream().mapToLong(EventFile.HistogramAt::step).distinct().count();
    assertEquals(4, steps, "histogram steps");
    assertTrue(f.histograms().stream().anyMatch(h -> h.tag().equals("hidden1.W/grad")), "no gradient histogram");
    assertTrue(f.scalars().stream().anyMatch(s -> s.tag().contains("loss")), "no loss scalar");
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/nn/tensorboard/ReadmeTensorBoardTest.java"),
        "README-TENSORBOARD");
  }
}
