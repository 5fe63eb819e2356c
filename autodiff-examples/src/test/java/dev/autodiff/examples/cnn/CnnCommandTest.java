package dev.autodiff.examples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.autodiff.examples.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cnn} example: the notebook's workflow on a few digits, on CIFAR-10 files, and with its defaults. */
class CnnCommandTest {
  @Test
  void theNotebooksWorkflowOnAFewDigits(@TempDir Path dir) throws IOException {
    Run r = Run.of("cnn", "--train", "200", "--test", "60", "--epochs", "1", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains(" conv2d (Conv2D)                 (None, 28, 28, 8)"), r.out());
    assertTrue(r.out().contains(" max_pooling2d_1 (MaxPooling2D)  (None, 7, 7, 16)"), r.out());
    // the accuracy printed is the confusion matrix's diagonal, recounted from confusion.csv
    List<String> confusion = Files.readAllLines(dir.resolve("confusion.csv"));
    int right = 0;
    int all = 0;
    for (int row = 1; row < confusion.size(); row++) {
      String[] cells = confusion.get(row).split(",");
      for (int c = 1; c < cells.length; c++) {
        all += Integer.parseInt(cells[c]);
        right += c - 1 == row - 1 ? Integer.parseInt(cells[c]) : 0;
      }
    }
    assertEquals(60, all);
    assertTrue(r.out().contains("test accuracy: " + String.format(java.util.Locale.ROOT, "%.2f%% (%d of 60)",
        100.0 * right / 60, right)), r.out());
    assertTrue(r.out().contains("identical predictions on all 60 test images"), r.out());
    for (String png : List.of("loss.png", "accuracy.png", "filters.png", "feature-maps-1.png",
        "feature-maps-2.png")) {
      assertTrue(ImageIO.read(dir.resolve(png).toFile()).getWidth() > 50, png);
    }
    // filters: 8 filters of 3x3 at 24 px a pixel, one line for the one channel
    assertEquals(8 * 4 * 24, ImageIO.read(dir.resolve("filters.png").toFile()).getWidth());
    String dot = Files.readString(dir.resolve("network.dot"));
    assertTrue(dot.contains("output 1 x 28x28x8") && dot.contains("output 1 x 7x7x16"), dot);
    Path events;
    try (var logs = Files.list(dir.resolve("logs"))) {
      events = logs.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).findFirst()
          .orElseThrow();
    }
    // the event file has the graph (each layer a group) and each parameter's histograms, with its gradient's
    dev.autodiff.nn.tensorboard.EventFile board = dev.autodiff.nn.tensorboard.EventFile.read(events);
    assertEquals(1, board.graphs().size());
    List<String> names = board.graphs().get(0).nodes().stream().map(n -> n.name()).toList();
    for (String layer : List.of("conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "dense", "dense_1")) {
      assertTrue(names.stream().anyMatch(n -> n.startsWith(layer + "/")), layer + " in " + names);
    }
    assertEquals(List.of("conv2d/patches", "conv2d/W"), board.graphs().get(0).node("conv2d/matmul").orElseThrow()
        .inputs());
    List<String> tags = List.of("conv2d.W", "conv2d.W/grad", "conv2d.b", "conv2d.b/grad", "conv2d_1.W",
        "conv2d_1.W/grad", "conv2d_1.b", "conv2d_1.b/grad", "dense.W", "dense.W/grad", "dense.b", "dense.b/grad",
        "dense_1.W", "dense_1.W/grad", "dense_1.b", "dense_1.b/grad");
    assertEquals(tags, board.histograms().stream().filter(h -> h.step() == 0).map(h -> h.tag()).toList());
    long epochs = board.scalars().stream().filter(v -> v.tag().equals("epoch/loss")).count();
    assertEquals((epochs + 1) * tags.size(), board.histograms().size(), "before training and after every epoch");
  }

  /** The notebook's own setting, 32x32x3 CIFAR-10 binary files, on a few random records the test writes. */
  @Test
  void runsTheNotebooksModelOnCifar10Files(@TempDir Path dir) throws IOException {
    Path data = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
    Random random = new Random(5);
    for (String name : List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
        "data_batch_5.bin", "test_batch.bin")) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int k = 0; k < 8; k++) {
        bytes.write(random.nextInt(10));
        for (int i = 0; i < 3072; i++) {
          bytes.write(random.nextInt(256));
        }
      }
      Files.write(data.resolve(name), bytes.toByteArray());
    }
    Path out = dir.resolve("out");
    Run r = Run.of("cnn", "--dataset", "cifar10", "--data-dir", data.toString(), "--notebook", "--train", "40",
        "--test", "8", "--epochs", "1", "--out", out.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("data: 40 training and 8 test CIFAR-10 images of 32x32x3"), r.out());
    assertTrue(r.out().contains("Adam(lr 0.001) at a constant rate (the notebook's)"), r.out());
    assertTrue(!r.out().contains("(Activation)"), r.out());  // the notebook's model has no activation layers
    assertTrue(r.out().contains("Total params: 133,882"), r.out());  // the notebook's count: ReLUs add none
    assertTrue(r.out().contains(" conv2d (Conv2D)                 (None, 32, 32, 8)   224"), r.out());
    Run missing = Run.of("cnn", "--dataset", "cifar10", "--out", out.toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("--dataset cifar10 needs --data-dir"), missing.err());
  }

  /** The defaults reach the README's accuracy (-Preliability: about 40 s). */
  @Test
  void theDefaultsReachTheReadmesAccuracy(@TempDir Path dir) {
    assumeTrue(Boolean.getBoolean("autodiff.reliability"), "the full default run: -Preliability");
    Run r = Run.of("cnn", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    Matcher m = Pattern.compile("test accuracy: ([0-9.]+)%").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(97.75, Double.parseDouble(m.group(1)), 1e-9, r.out());
  }
}
