package dev.autodiff.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.core.tensor.Tensor;
import dev.autodiff.core.testing.ReadmeSnippets;
import dev.autodiff.nn.Activation;
import dev.autodiff.nn.Dense;
import dev.autodiff.nn.Losses;
import dev.autodiff.nn.Mlp;
import dev.autodiff.nn.Model;
import dev.autodiff.nn.optim.Optimizers;
import dev.autodiff.nn.optim.Schedule;
import dev.autodiff.nn.optim.WeightDecay;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's training-run snippet, run verbatim. */
class ReadmeTrainingRunTest {
  @Test
  void theReadmeSnippetRuns() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Dataset data = TrainerTest.linear(100, 4);
    // readme-training-run-BEGIN
    Model model = Mlp.builder().inputs(2).hidden(8, Activation.TANH).outputs(1, Activation.IDENTITY).seed(1).build();
    out.print(model.summary());                                     // layers, output shapes, 33 parameters
    Dataset.Split split = data.validationSplit(0.2, 1);             // 80 to train on, 20 to validate
    Trainer trainer = Trainer.builder(model)
        .loss(Losses.mse())
        .optimizer(Optimizers.adam(0.01).withWeightDecay(1e-4, WeightDecay.DECOUPLED))  // AdamW
        .schedule(Schedule.warmup(10).then(Schedule.cosine(1e-4)))  // per step: warm-up, then cosine decay
        .clipping(Clipping.byNorm(1.0))                             // global gradient norm at most 1
        .batchSize(16).epochs(20).seed(1)
        .validation(split.validation())
        .progress(out, Verbosity.EPOCH)                             // a line per epoch; AUTO: live on a terminal
        .build();
    History first = trainer.fit(split.train());                    // fresh optimizer state and schedule
    History more = trainer.resume(split.train());                  // 20 more epochs, at the cosine's end
    Dense hidden = (Dense) model.network().children().get(0);
    model.freeze(hidden);                                           // its weights stay as they are
    History head = trainer.fit(split.train());                     // a new run training the output layer only
    // readme-training-run-END
    String log = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("Total params: 33"), log);
    assertEquals(20, first.epochCount());
    assertEquals(0.001, first.stepRates().get(0), 1e-15, "warm-up: 0.01 * 1/10");
    assertTrue(more.last("val_loss") < first.get("val_loss").get(0), "resuming went on learning");
    assertEquals(hidden.weights().value(), hiddenAfter(hidden, trainer, split));
    assertNotEquals(0, head.last("loss"));
    ReadmeSnippets.assertInReadme(Path.of("src/test/java/dev/autodiff/nn/train/ReadmeTrainingRunTest.java"),
        "readme-training-run");
  }

  /** One more run with the hidden layer frozen: its weights come back bit for bit. */
  private static Tensor hiddenAfter(Dense hidden, Trainer trainer, Dataset.Split split) {
    trainer.fit(split.train());
    return hidden.weights().value();
  }
}
