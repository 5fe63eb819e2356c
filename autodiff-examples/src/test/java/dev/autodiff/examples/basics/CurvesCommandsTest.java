package dev.autodiff.examples.basics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodiff.examples.Run;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurvesCommandsTest {
  @Test
  void approximationImprovesAsTheHiddenLayerGrows(@TempDir Path dir) throws IOException {
    Run r = Run.of("approx", "--max", "8", "--steps", "150", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    Matcher m = Pattern.compile("(?m)^\\s+(\\d+) \\| ([0-9.e+-]+)$").matcher(r.out());
    double first = Double.NaN;
    double last = Double.NaN;
    while (m.find()) {
      if (Double.isNaN(first)) {
        first = Double.parseDouble(m.group(2));
      }
      last = Double.parseDouble(m.group(2));
    }
    assertTrue(last < first / 100, r.out());
    BufferedImage img = ImageIO.read(dir.resolve("approx.png").toFile());
    assertEquals(800, img.getWidth());
    assertEquals(500, img.getHeight());
  }

  @Test
  void finiteDifferencesCostGrowsFasterThanBackprop(@TempDir Path dir) throws IOException {
    Run r = Run.of("gradcost", "--max", "1024", "--repeats", "3", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> rows = Files.readAllLines(dir.resolve("gradcost.csv"));
    assertEquals("k,backprop_ms,finite_differences_ms", rows.get(0));
    assertEquals(1 + 7, rows.size(), "K = 16 .. 1024");
    String[] big = rows.get(rows.size() - 1).split(",");
    assertTrue(Double.parseDouble(big[2]) > 20 * Double.parseDouble(big[1]), rows.toString());
    Matcher diff = Pattern.compile("max \\|difference\\| ([0-9.e+-]+)\\)").matcher(r.out());
    while (diff.find()) {
      assertTrue(Double.parseDouble(diff.group(1)) < 1e-6, r.out());
    }
    assertTrue(ImageIO.read(dir.resolve("gradcost.png").toFile()).getWidth() == 800);
  }
}
