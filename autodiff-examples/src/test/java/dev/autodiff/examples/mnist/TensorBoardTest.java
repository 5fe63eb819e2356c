package dev.autodiff.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Run;
import dev.autodiff.nn.tensorboard.EventFile;
import dev.autodiff.nn.tensorboard.GraphDef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mnist --tensorboard DIR}: the event file holds the steps' losses, the epochs' metrics, the model's graph and
 * histograms of its weights and gradients. (The format itself is tested in autodiff-nn: EventFileTest with this
 * library's reader, EventFileProtocTest with protoc and TensorBoard's schemas.)
 */
class TensorBoardTest {
  @Test
  void aTrainingRunWritesScalarsTheGraphAndHistograms(@TempDir Path dir) throws IOException {
    Run r = Run.of("mnist", "--train", "300", "--test", "100", "--epochs", "2", "--hidden", "16", "--batch", "100",
        "--tensorboard", dir.resolve("tb").toString(), "--out", dir.resolve("out").toString());
    assertEquals(0, r.code(), r.err() + r.out());
    Path events;
    try (Stream<Path> s = Files.list(dir.resolve("tb"))) {
      List<Path> files = s.toList();
      assertEquals(1, files.size());
      events = files.get(0);
    }
    assertTrue(events.getFileName().toString().startsWith("events.out.tfevents."));
    EventFile file = EventFile.read(events);
    List<EventFile.Scalar> steps = file.scalars().stream().filter(s -> s.tag().equals("step/loss")).toList();
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), steps.stream().map(EventFile.Scalar::step).toList(),
        "3 batches of 100 for 2 epochs");
    List<String> epochTags = file.scalars().stream().filter(s -> s.step() == 2 && s.tag().startsWith("epoch/"))
        .map(EventFile.Scalar::tag).toList();
    assertEquals(List.of("epoch/loss", "epoch/accuracy", "epoch/val_loss", "epoch/val_accuracy", "epoch/lr",
        "epoch/seconds"), epochTags);
    List<String> csv = Files.readAllLines(dir.resolve("out/history.csv"));
    double lastLoss = Double.parseDouble(csv.get(2).split(",")[1]);
    double logged = file.scalars().stream().filter(s -> s.step() == 2 && s.tag().equals("epoch/loss")).findFirst()
        .orElseThrow().value();
    assertEquals(lastLoss, logged, 1e-6 * Math.abs(lastLoss));

    // the graph: 784 -> 16 (batch normalization, ReLU) -> 10, each layer a group, for 100 test digits
    assertEquals(1, file.graphs().size());
    GraphDef graph = file.graphs().get(0);
    assertEquals(new GraphDef.NodeDef("hidden1/matmul", "matmul", List.of("input", "hidden1/W"), List.of(100L, 16L)),
        graph.node("hidden1/matmul").orElseThrow());
    assertEquals("VariableV2", graph.node("bn1/gamma").orElseThrow().op());
    assertEquals(List.of("output/matmul", "output/b"), graph.node("output/add").orElseThrow().inputs());
    // histograms before training and after each epoch: weights, gradients, batch normalization's statistics
    for (long step = 0; step <= 2; step++) {
      long at = step;
      List<String> tags = file.histograms().stream().filter(h -> h.step() == at).map(EventFile.HistogramAt::tag)
          .toList();
      assertEquals(List.of("hidden1.W", "hidden1.W/grad", "hidden1.b", "hidden1.b/grad", "bn1.gamma",
          "bn1.gamma/grad", "bn1.beta", "bn1.beta/grad", "output.W", "output.W/grad", "output.b", "output.b/grad",
          "bn1.running_mean", "bn1.running_var"), tags, "step " + step);
    }
    EventFile.HistogramAt w = file.histograms().stream().filter(h -> h.tag().equals("hidden1.W")).findFirst()
        .orElseThrow();
    assertEquals(784 * 16, w.histogram().count());
  }
}
