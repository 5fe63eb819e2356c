package dev.autodiff.examples.basics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Run;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandsTest {
  @Test
  void densityPredictsTheNoiseLevel(@TempDir Path dir) throws IOException {
    Run r = Run.of("density", "--samples", "600", "--epochs", "150", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    Matcher m = Pattern.compile("largest error of the predicted standard deviation on the grid: ([0-9.]+)")
        .matcher(r.out());
    assertTrue(m.find(), r.out());
    assertTrue(Double.parseDouble(m.group(1)) < 0.1, r.out());
    assertEquals(800, ImageIO.read(dir.resolve("gaussian.png").toFile()).getWidth());
    assertEquals(800, ImageIO.read(dir.resolve("std.png").toFile()).getWidth());
  }

  @Test
  void theHypernetworkFitsEverySubtaskAndTheSharedNetworkCannot(@TempDir Path dir) throws IOException {
    Run r = Run.of("hypernet", "--epochs", "200", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    assertTrue(r.out().contains("the generated networks fit every subtask; one shared network cannot"), r.out());
    assertTrue(r.out().contains("trainable: only the hypernetwork's 505 parameters"), r.out());
    assertEquals(1000, ImageIO.read(dir.resolve("hypernet.png").toFile()).getWidth());
  }
}
