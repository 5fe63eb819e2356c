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

  /**
   * The timings themselves are not asserted (they are wall-clock figures of a shared machine); the table has every
   * K and backprop agrees with the finite differences it is timed against.
   */
  @Test
  void gradcostTimesEveryKAndBackpropAgreesWithFiniteDifferences(@TempDir Path dir) throws IOException {
    Run r = Run.of("gradcost", "--max", "1024", "--repeats", "3", "--out", dir.toString());
    assertEquals(0, r.code(), r.err() + r.out());
    List<String> rows = Files.readAllLines(dir.resolve("gradcost.csv"));
    assertEquals("k,backprop_ms,finite_differences_ms", rows.get(0));
    List<String> ks = rows.subList(1, rows.size()).stream().map(row -> row.split(",")[0]).toList();
    assertEquals(List.of("16", "32", "64", "128", "256", "512", "1024"), ks);
    for (String row : rows.subList(1, rows.size())) {
      String[] c = row.split(",");
      assertTrue(Double.parseDouble(c[1]) > 0 && Double.parseDouble(c[2]) > 0, row);
    }
    Matcher diff = Pattern.compile("max \\|difference\\| ([0-9.e+-]+)\\)").matcher(r.out());
    int checked = 0;
    while (diff.find()) {
      assertTrue(Double.parseDouble(diff.group(1)) < 1e-6, r.out());
      checked++;
    }
    assertEquals(7, checked, r.out());
    assertEquals(800, ImageIO.read(dir.resolve("gradcost.png").toFile()).getWidth());
  }
}
