package dev.autodiff.examples.basics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimizersCommandTest {
  @Test
  void everyOptimizerTrainsAndTheSecondOrderOnesSolveTheMoons(@TempDir Path dir) throws IOException {
    Run r = Run.of("optimizers", "--epochs", "40", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> rows = Files.readAllLines(dir.resolve("optimizers.csv"));
    assertEquals(11, rows.size(), rows.toString());
    double ln2 = Math.log(2);
    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",");
      double loss = Double.parseDouble(c[2]);
      assertTrue(loss < ln2, "below the loss of a coin flip: " + row);
      if (c[0].startsWith("L-BFGS") || c[0].startsWith("Newton")) {
        assertTrue(Double.parseDouble(c[3]) >= 0.95, row);
      }
    }
    assertEquals(1000, ImageIO.read(dir.resolve("loss-by-epoch.png").toFile()).getWidth());
    assertTrue(Files.size(dir.resolve("loss-by-time.svg")) > 1000);
  }
}
