package dev.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.nn.io.ModelFile;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.train.Dataset;
import dev.autodiff.nn.train.History;
import dev.autodiff.nn.train.Metric;
import dev.autodiff.nn.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's training example, compiled and run as written. */
class ReadmeTrainingTest {

  static Model train(PrintStream out, Path dir) throws IOException {
    // README-NN-BEGIN
    Model mlp = Mlp.builder().inputs(2).hidden(4, Activation.TANH).outputs(1, Activation.SIGMOID).seed(1).build();
    out.println(mlp.parameterCount() + " parameters");                 // 2*4 + 4 + 4*1 + 1 = 17

    Dataset xor = Dataset.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, new double[][] {{0}, {1}, {1}, {0}});
    History history = Trainer.builder(mlp)
        .loss(Losses.binaryCrossEntropy())
        .optimizer(Optimizers.adam(0.05))
        .batchSize(4).epochs(500).seed(1)
        .metrics(Metric.ACCURACY)
        .build()
        .fit(xor);
    out.println("accuracy " + history.last("accuracy") + ", stopped: " + history.stopReason());
    out.println("1 xor 0 = " + mlp.predict(1, 0)[0]);                 // close to 1

    ModelFile.save(mlp, dir.resolve("xor.adnn"));                      // atomic, versioned, checksummed
    Model again = ModelFile.load(dir.resolve("xor.adnn"));             // same predictions, bit for bit
    // README-NN-END
    return again;
  }

  @Test
  void theExampleTrainsXor(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Model again = train(new PrintStream(bytes, true, StandardCharsets.UTF_8), dir);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("17 parameters\n"), out);
    assertTrue(out.contains("accuracy 1.0, stopped: reached 500 epochs"), out);
    assertTrue(again.predict(1, 0)[0] > 0.9, out);
    assertTrue(again.predict(1, 1)[0] < 0.1, out);
    assertEquals(17, again.parameterCount());
  }

  @Test
  void readmeShowsExactlyThisCode() throws IOException {
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/nn/ReadmeTrainingTest.java"), "README-NN");
  }
}
